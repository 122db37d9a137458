"""Streaming the rows of a register: a folder of CSV files or one .xlsx workbook.

Nothing here knows about the database: it yields the raw cells of each file, row by row, so a
register of any size is read without holding it in memory.
"""
import csv
import dataclasses
import datetime
import pathlib
from collections.abc import Iterator

from .schema import FILES, FileSpec


@dataclasses.dataclass
class RawFile:
    """One file (or sheet) of a register: its header and an iterator of (row number, cells)."""

    spec: FileSpec
    label: str  # what error messages call it: "organizations.csv" or the sheet "organizations"
    header: list[str]
    rows: Iterator[tuple[int, dict[str, object]]]


def _cell_dicts(header: list[str], rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, dict[str, object]]]:
    for number, cells in rows:
        values = list(cells) + [None] * (len(header) - len(cells))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue  # blank lines are not rows
        yield number, dict(zip(header, values))


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
                rows = ((reader.line_num, cells) for cells in reader)
                yield RawFile(spec, spec.filename, header, _cell_dicts(header, rows))

    def _workbook_files(self) -> Iterator[RawFile | None]:
        import openpyxl

        workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
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
                rows = ((number, [_workbook_value(v) for v in cells]) for number, cells in enumerate(sheet_rows, 2))
                yield RawFile(spec, spec.name, header, _cell_dicts(header, rows))
        finally:
            workbook.close()


def _workbook_value(value):
    """Workbook cells as the parser expects them: dates as dates, whole numbers as int."""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
