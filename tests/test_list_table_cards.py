"""Every list page's table can be shown as cards on a phone (templates/common/table.html,
static/css/portal.css): each body cell carries its column's header in data-label and one cell a
row is the card's title. The pages are found from the URLconf (every view with a django-tables2
table), so a list added later is checked too; tests/e2e/test_phone_cards.py looks at the cards."""
from html.parser import HTMLParser

import pytest
from django_tables2.views import SingleTableMixin

from members.tests.factories import CountyLeaderFactory
from organizations.tests.factories import PartyOrgFactory

from .test_permission_matrix import url_of
from .test_query_counts import grow
from .urlmatrix import build_dataset, named_patterns

pytestmark = pytest.mark.django_db


def table_pages() -> list[str]:
    return sorted(name for name, pattern in named_patterns().items()
                  if issubclass(getattr(pattern.callback, "view_class", object), SingleTableMixin))


class TableCells(HTMLParser):
    """The header texts of the page's table and, for each body row, its cells' data-label and
    data-card-title attributes."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows, self.tables = [], [], 0
        self._in_th = self._in_tbody = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables += 1
        elif tag == "th":
            self._in_th = True
            self.headers.append("")
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self.rows.append([])
        elif tag == "td" and self._in_tbody and "colspan" not in attrs:  # not the empty text
            self.rows[-1].append((attrs.get("data-label"), "data-card-title" in attrs))

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False
        elif tag == "tbody":
            self._in_tbody = False

    def handle_data(self, data):
        if self._in_th:
            self.headers[-1] += data.strip()


@pytest.fixture
def data(unit, unit_secretary, county_staff, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    data = build_dataset(unit, secretary=unit_secretary, staff=county_staff)
    grow(data, 2, county_staff)
    PartyOrgFactory(unit=unit, demo_level="county", demo_year=2010)  # a row in the demonstration sites
    CountyLeaderFactory()  # a leader without a contact point
    return data


def test_the_table_pages_are_found():
    pages = table_pages()
    assert {"organizations:organization_list", "members:partymember_list", "targets:follow_up_transfers",
            "targets:follow_up_unmanaged", "targets:uncovered_organizations", "targets:pipeline_quota"} <= set(pages)
    assert len(pages) >= 18, pages


@pytest.mark.parametrize("name", table_pages())
def test_every_cell_of_a_list_table_carries_its_column_label(client, data, county_staff, name):
    client.force_login(county_staff)
    response = client.get(url_of(name, data))
    assert response.status_code == 200
    cells = TableCells()
    cells.feed(response.content.decode())
    assert cells.tables == 1 and cells.headers, name
    assert 'class="table-container table-responsive table-cards"' in response.content.decode(), name
    assert any(cells.rows), f"{name} shows no rows on the test data: give it some above"
    for row in cells.rows:
        assert [label for label, _ in row] == cells.headers, name
        assert sum(title for _, title in row) == 1, name
