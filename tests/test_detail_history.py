"""Every register detail page shows the record's change history: who changed it, when, how."""
import pytest
from members.tests.factories import CountyLeaderFactory, MemberFactory, OfficerFactory, PipelinePersonFactory
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory

pytestmark = pytest.mark.django_db

FACTORIES = [OrganizationFactory, PartyOrgFactory, MemberFactory, PipelinePersonFactory, OfficerFactory,
             CountyLeaderFactory]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_detail_page_shows_the_change_history_once(client, county_staff, factory):
    record = factory()
    client.force_login(county_staff)
    html = client.get(record.get_absolute_url()).content.decode()
    assert html.count('data-testid="history"') == 1
    assert list(client.get(record.get_absolute_url()).context["history"]) == list(record.history.all())

