"""Hooks the targets app calls and higher apps provide (see common/hooks.py)."""
from common.hooks import Hook

report_filed = Hook(
    "report_filed",
    """report_filed(*, year, half, as_of) -> Q: a supervising unit (OuterRef "pk") has a report for
    the half-year that was submitted on or before AS_OF, whatever its review state now (the target
    reports_filed). Provided by reports (reports.selectors).""",
)

overview_counts = Hook(
    "overview_counts",
    """overview_counts(user) -> dict: figures a higher app adds to the home page's overview of the
    user's scope. reports provides the reports waiting for review.""",
    many=True,
)

changed_since = Hook(
    "changed_since",
    """changed_since(moment) -> bool: whether a record a higher app keeps, and that the figures
    read, changed after MOMENT (the dashboard then says its snapshot is out of date). reports
    provides the half-yearly reports (the target reports_filed reads them).""",
    many=True,
)
