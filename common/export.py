"""A django-tables2 table written to an Excel workbook, row by row (openpyxl write-only mode)."""
import datetime
import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django_tables2 import A
from django_tables2.columns import BooleanColumn, DateColumn, DateTimeColumn

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters Excel refuses in a sheet title, and its length limit.
_SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
_SHEET_TITLE_MAX = 31

# A cell a spreadsheet program may run as a formula when it starts with one of these (OWASP's
# "CSV injection" list). Text written for people never starts a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def csv_text(text: str) -> str:
    """TEXT as a CSV cell that no spreadsheet program runs: a leading formula character gets a
    leading apostrophe. A text that already starts with an apostrophe before such a character (or
    before another apostrophe) gets one more, so that ``csv_text_read`` gives back exactly TEXT."""
    if text.startswith(FORMULA_TRIGGERS) or (text.startswith(_QUOTE) and text[1:2] in (*FORMULA_TRIGGERS, _QUOTE)):
        return _QUOTE + text
    return text


def csv_text_read(cell: str) -> str:
    """The text a ``csv_text`` cell stands for (the inverse: one escaping apostrophe removed)."""
    if cell.startswith(_QUOTE) and cell[1:2] in (*FORMULA_TRIGGERS, _QUOTE):
        return cell[1:]
    return cell


def text_cell(sheet, value):
    """A workbook cell for VALUE: text that openpyxl would store as a formula (it starts with "=")
    becomes a string cell, so user text never runs when the workbook is opened."""
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def export_columns(table):
    """The table's columns that go into an export, in the table's order."""
    return [column for column in table.columns.iterall() if not column.column.exclude_from_export]


def cell_value(row, bound_column):
    """The value of one cell for a spreadsheet: real dates and numbers, yes/no in the user's language,
    the text of related records and choices."""
    if isinstance(bound_column.column, (BooleanColumn, DateColumn, DateTimeColumn)):
        # These columns' export values are strings ("True", ISO dates); Excel wants the real value.
        value = A(bound_column.accessor).resolve(row.record, quiet=True)
    else:
        value = row.get_cell_value(bound_column.name)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return force_str(value, strings_only=True)  # a moment is made local when it is written (_sheet_cell)


def _sheet_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return text_cell(sheet, value)


def table_xlsx_response(table, *, filename: str, sheet_title: str) -> FileResponse:
    """Every row of TABLE (as configured: filtered, sorted, unpaginated) under its column headers,
    as a workbook download. The rows are read once, in one query for a queryset table."""
    columns = export_columns(table)
    rows = ([cell_value(row, column) for column in columns] for row in table.rows)
    return rows_xlsx_response(
        [(sheet_title, [[force_str(column.header) for column in columns], *rows])], filename=filename
    )


def rows_xlsx_response(sheets, *, filename: str) -> FileResponse:
    """A workbook download of SHEETS, each (title, rows) with rows as lists of plain values
    (text, numbers, dates; lazy translations are rendered in the current language)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    for sheet_title, rows in sheets:
        title = force_str(sheet_title).translate(_SHEET_TITLE_FORBIDDEN)[:_SHEET_TITLE_MAX] or "Sheet1"
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([_sheet_cell(sheet, force_str(value, strings_only=True)) for value in row])
    download = tempfile.TemporaryFile()  # removed when the response closes it
    workbook.save(download)
    download.seek(0)
    return FileResponse(download, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
