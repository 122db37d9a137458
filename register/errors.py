"""Messages of the register import, each naming what is wrong in a county clerk's words."""
import dataclasses
from collections import Counter

from django.utils.translation import gettext_lazy as _

MSG_MISSING_COLUMN = _("The column “%(column)s” is missing from the header.")
MSG_UNKNOWN_COLUMN = _("“%(column)s” is not a column of this file.")
MSG_DUPLICATE_COLUMN = _("The column “%(column)s” appears twice in the header.")
MSG_EMPTY_FILE = _("The file has no header row.")
MSG_REQUIRED = _("This cell must not be empty.")
MSG_BAD_BOOL = _("“%(value)s” is not a yes/no value: write 1 or 0, true or false, yes or no, 是 or 否.")
MSG_BAD_DATE = _("“%(value)s” is not a date: write it as YYYY-MM-DD, for example 2009-06-30.")
MSG_BAD_INT = _("“%(value)s” is not a whole number of 0 or more.")
MSG_TOO_LONG = _("This cell holds %(length)s characters; at most %(limit)s are allowed.")
MSG_CONTROL_CHARACTER = _("This cell holds an invisible control character (such as NUL): retype the cell.")
MSG_NOT_UTF8 = _("The file is not UTF-8 text from this row on: save the sheet as “CSV UTF-8” and upload it again.")
MSG_UNREADABLE = _("The file cannot be read (%(reason)s): save it again from the spreadsheet program.")
MSG_EXTRA_CELLS = _(
    "This row has %(count)s more cell(s) than the header (first: “%(value)s”): a comma inside a cell must "
    "be within double quotes. Nothing of this row is imported."
)
MSG_TOO_MANY_ROWS = _(
    "The file has more than %(limit)s rows, the most a register file may hold (setting REGISTER_MAX_ROWS); "
    "the rest of it was not read."
)
MSG_MORE_OF_KIND = _("and %(count)s more error(s) of the same kind in this column, not listed")
MSG_BAD_YEAR = _("“%(value)s” is not a year such as 2009.")
MSG_BAD_CHOICE = _("“%(value)s” is not allowed here: write one of %(choices)s.")
MSG_DUPLICATE_IN_LIST = _("“%(value)s” is listed twice in this cell.")
MSG_DUPLICATE_KEY = _("“%(value)s” appears more than once in this file (first in row %(first)s).")
MSG_UNKNOWN_UNIT = _("There is no supervising unit with the code “%(value)s” in the register or in the portal.")
MSG_UNKNOWN_ORG = _("There is no organization with the credit code “%(value)s” in the register or in the portal.")
MSG_UNKNOWN_PARTY_ORG = _(
    "There is no party organization with the code “%(value)s” in the register or in the portal."
)
MSG_PERSON_IS_MEMBER = _(
    "“%(value)s” is already the ID of a party member (in members.csv or in the portal): a pipeline person "
    "needs another ID."
)
MSG_DUPLICATE_ASSESSMENT = _(
    "The party organization “%(code)s” already has an assessment for %(year)s in this file (row %(first)s)."
)
MSG_YEAR_BEFORE_ESTABLISHED = _(
    "The year %(year)s is earlier than the year the party organization was established (%(established)s)."
)


@dataclasses.dataclass
class RegisterError:
    """One problem of the register: where it is (file, row, column) and what it is."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self):
        where = self.file
        if self.row is not None:
            where = _("%(file)s, row %(row)s") % {"file": where, "row": self.row}
        if self.column:
            where = _("%(where)s, column “%(column)s”") % {"where": where, "column": self.column}
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "message": str(self.message)}


class ErrorList:
    """The errors of a register: every one counted, the first LIMIT kept with their place and
    message. Those beyond are counted per kind (file and column), so a file of a million bad rows
    costs no more memory than one of a thousand."""

    def __init__(self, limit: int):
        self.limit = limit
        self.kept: list[RegisterError] = []
        self.total = 0
        self.more: Counter = Counter()  # (file, column) -> errors not kept

    def append(self, error: RegisterError) -> None:
        self.total += 1
        if len(self.kept) < self.limit:
            self.kept.append(error)
        else:
            self.more[(error.file, error.column)] += 1

    def extend(self, errors) -> None:
        for error in errors:
            self.append(error)

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    def __iter__(self):
        return iter(self.kept)

    def __getitem__(self, index):
        return self.kept[index]

    def summaries(self) -> list[RegisterError]:
        """One line per kind of the errors not kept: where, and how many more."""
        return [RegisterError(file, None, column, MSG_MORE_OF_KIND % {"count": count})
                for (file, column), count in sorted(self.more.items(), key=lambda item: (item[0][0], item[0][1] or ""))]
