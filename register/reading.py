"""Streaming the rows of a register: a folder of CSV files or one .xlsx workbook.

Nothing here knows about the database: it yields the raw cells of each file, row by row, so a
register of any size is read without holding it in memory.
"""
import codecs
import csv
import dataclasses
import datetime
import pathlib
from collections.abc import Iterator

from common.export import csv_text_read

from .schema import FILES, TEXT, FileSpec


@dataclasses.dataclass
class RawFile:
    """One file (or sheet) of a register: its header and an iterator of (row number, cells)."""

    spec: FileSpec
    label: str  # what error messages call it: "organizations.csv" or the sheet "organizations"
    header: list[str]
    rows: Iterator[tuple[int, dict[str, object]]]
    problem: "UnreadableFile | None" = None  # its header could not be read at all


# The key under which a row carries the cells it holds beyond its header (a comma that should
# have been quoted): the check reports them, nothing is thrown away unseen.
EXTRA_CELLS = "\x00extra"


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_dicts(header: list[str], rows: Iterator[tuple[int, list]],
                escaped: tuple[str, ...] = ()) -> Iterator[tuple[int, dict[str, object]]]:
    """Each row as {column: cell}; the ESCAPED columns' cells are CSV text cells (``csv_text``)."""
    width = len(header)
    for number, cells in rows:
        values = list(cells[:width]) + [None] * (width - len(cells))
        extra = [v for v in cells[width:] if not _blank(v)]
        if not extra and all(_blank(v) for v in values):
            continue  # blank lines are not rows
        row = dict(zip(header, values))
        for name in escaped:
            if isinstance(row.get(name), str):
                row[name] = csv_text_read(row[name])
        if extra:
            row[EXTRA_CELLS] = extra
        yield number, row


class UnreadableFile(Exception):
    """A file or workbook that cannot be read as text/cells at all: where, and why."""

    def __init__(self, label: str, row: int | None, reason: str):
        super().__init__(reason)
        self.label, self.row, self.reason = label, row, reason


def _bad_utf8_line(path: pathlib.Path) -> int:
    """The line of the first byte that is not UTF-8 (decoding reads ahead, so the reader's own
    line number would be too early)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 16):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                chunk = chunk[:exc.start]
                ends = chunk.count(b"\n") or chunk.count(b"\r")
                return lines + ends
            lines += chunk.count(b"\n") or chunk.count(b"\r")
    return lines


def _guarded(label: str, reader, rows: Iterator, path: pathlib.Path):
    """The reader's rows; an undecodable byte or a broken CSV line becomes UnreadableFile."""
    try:
        yield from rows
    except UnicodeDecodeError:
        raise UnreadableFile(label, _bad_utf8_line(path), "encoding") from None
    except csv.Error as exc:
        raise UnreadableFile(label, reader.line_num, str(exc)) from None


class RegisterSource:
    """A register on disk. ``files()`` may be called more than once: each call reads anew."""

    def __init__(self, path: str | pathlib.Path):
        self.path = pathlib.Path(path)

    @property
    def is_workbook(self) -> bool:
        return self.path.suffix.lower() == ".xlsx"

    def files(self) -> Iterator[RawFile | None]:
        """For each file of the format, in reference order: its RawFile, or None when absent."""
        if self.is_workbook:
            yield from self._workbook_files()
        else:
            yield from self._csv_files()

    def _csv_files(self) -> Iterator[RawFile | None]:
        for spec in FILES:
            path = self.path / spec.filename
            if not path.is_file():
                yield None
                continue
            with open(path, encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                try:
                    header = [h.strip() for h in next(reader)]
                except StopIteration:
                    header = []
                except UnicodeDecodeError:
                    problem = UnreadableFile(spec.filename, _bad_utf8_line(path), "encoding")
                    yield RawFile(spec, spec.filename, [], iter(()), problem)
                    continue
                except csv.Error as exc:
                    yield RawFile(spec, spec.filename, [], iter(()), UnreadableFile(spec.filename, 1, str(exc)))
                    continue
                rows = _guarded(spec.filename, reader, ((reader.line_num, cells) for cells in reader), path)
                text_columns = tuple(c.name for c in spec.columns if c.kind == TEXT)
                yield RawFile(spec, spec.filename, header, _cell_dicts(header, rows, text_columns))

    def _workbook_files(self) -> Iterator[RawFile | None]:
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
            raise UnreadableFile(self.path.name, None, str(exc) or type(exc).__name__) from None
        try:
            for spec in FILES:
                if spec.name not in workbook.sheetnames:
                    yield None
                    continue
                sheet_rows = workbook[spec.name].iter_rows(values_only=True)
                try:
                    header = ["" if h is None else str(h).strip() for h in next(sheet_rows)]
                except StopIteration:
                    header = []
                except Exception as exc:  # noqa: BLE001 - a broken sheet
                    yield RawFile(spec, spec.name, [], iter(()), UnreadableFile(spec.name, 1, str(exc)))
                    continue
                rows = _guarded_sheet(spec.name, (
                    (number, [_workbook_value(v) for v in cells]) for number, cells in enumerate(sheet_rows, 2)))
                yield RawFile(spec, spec.name, header, _cell_dicts(header, rows))
        finally:
            workbook.close()


def _guarded_sheet(label: str, rows: Iterator):
    number = 1
    try:
        for number, cells in rows:
            yield number, cells
    except Exception as exc:  # noqa: BLE001 - a broken sheet can fail in openpyxl in many ways
        raise UnreadableFile(label, number + 1, str(exc) or type(exc).__name__) from None


def _workbook_value(value):
    """Workbook cells as the parser expects them: dates as dates, whole numbers as int."""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
