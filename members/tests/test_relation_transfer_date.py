"""A relationship transfer has its own date (relation_transferred_on): the transfer service sets it
(today unless the user gives a date), the member's page, the member lists and their Excel exports
show it, the edit form checks it, and a migration recovers it from the history comment."""
import datetime
import importlib
import io

import openpyxl
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members import rules
from members.models import PartyMember
from members.services import member_relation_transferred, member_update
from members.tests.factories import MemberFactory
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def english(in_english):
    """Pages and the expected messages in English."""


@pytest.fixture
def org(unit):
    return OrganizationFactory(unit=unit)


def pending(org, **kw):
    return MemberFactory(organization=org, joined_on=D(2009, 1, 1), full_on=D(2010, 1, 1),
                         employed_since=D(2008, 1, 1), relation_transferred=False, **kw)


def test_the_service_records_the_date_given_or_today(org):
    member = member_relation_transferred(member=pending(org), on=D(2010, 5, 4))
    member.refresh_from_db()
    assert (member.relation_transferred, member.relation_transferred_on) == (True, D(2010, 5, 4))

    member = member_relation_transferred(member=pending(org))
    member.refresh_from_db()
    assert member.relation_transferred_on == timezone.localdate()


def test_the_form_defaults_to_today_and_refusals_name_the_field(client, county_staff, org):
    member = pending(org)
    url = reverse("members:partymember_relation_transferred", args=[member.member_id])
    client.force_login(county_staff)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, {"on": tomorrow.isoformat()})
    (message,) = response.context["transfer_form"].errors["on"]
    assert message == str(rules.MSG_RELATION_TRANSFER_IN_FUTURE % {"on": tomorrow, "today": timezone.localdate()})
    assert message.startswith("The transfer date")
    response = client.post(url, {"on": "2008-12-31"})
    (message,) = response.context["transfer_form"].errors["on"]
    assert message.startswith("The transfer date") and "2009-01-01" in message
    member.refresh_from_db()
    assert (member.relation_transferred, member.relation_transferred_on) == (False, None)

    assert client.post(url, {"on": ""}).status_code == 302  # no date given: today
    member.refresh_from_db()
    assert member.relation_transferred_on == timezone.localdate()


def test_the_member_page_and_the_lists_show_the_date_and_export_it(client, county_staff, org):
    revoked = PartyOrgFactory(unit=org.unit, revoked_on=D(2010, 3, 1))
    member = pending(org, party_org=revoked)
    member_relation_transferred(member=member, on=D(2010, 4, 2))
    client.force_login(county_staff)

    facts = dict(client.get(member.get_absolute_url()).context["facts"])
    assert facts[PartyMember._meta.get_field("relation_transferred_on").verbose_name] == D(2010, 4, 2)

    for name in ("members:partymember_list", "members:member_transfers"):
        table = client.get(reverse(name)).context["table"]
        (row,) = [row for row in table.rows if row.record.pk == member.pk]
        assert row.get_cell_value("relation_transferred_on") == "2010-04-02"
        response = client.get(reverse(name), {"_export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.values)
        column = rows[0].index("Relationship transferred on")
        (line,) = [line for line in rows[1:] if line[0] == member.member_id]
        assert line[column].date() == D(2010, 4, 2)


def test_the_edit_form_checks_the_date_under_its_field(org):
    member = pending(org)
    with pytest.raises(ValidationError) as refused:
        member_update(member=member, data={"relation_transferred": True, "relation_transferred_on": D(2008, 6, 1)})
    assert list(refused.value.message_dict) == ["relation_transferred_on"]
    member = PartyMember.objects.get(pk=member.pk)
    with pytest.raises(ValidationError) as refused:
        member_update(member=member, data={"relation_transferred_on": D(2010, 6, 1)})  # not marked transferred
    assert list(refused.value.message_dict) == ["relation_transferred_on"]
    member = PartyMember.objects.get(pk=member.pk)
    member_update(member=member, data={"relation_transferred": True, "relation_transferred_on": D(2010, 6, 1)})
    assert PartyMember.objects.get(pk=member.pk).relation_transferred_on == D(2010, 6, 1)


def test_the_migration_recovers_the_date_from_the_history_comment(org):
    recorded = pending(org)
    recorded.relation_transferred = True
    recorded._change_reason = "relation transferred on 2010-07-08"
    recorded.save()
    imported = MemberFactory(organization=org, relation_transferred=True)  # no comment: left empty
    undone = pending(org)
    undone.relation_transferred = True
    undone._change_reason = "relation transferred on 2010-07-08"
    undone.save()
    undone.relation_transferred = False
    undone._change_reason = "register import"
    undone.save()

    migration = importlib.import_module("members.migrations.0003_partymember_relation_transferred_on")
    migration.fill_transfer_dates(apps, None)
    assert PartyMember.objects.get(pk=recorded.pk).relation_transferred_on == D(2010, 7, 8)
    assert PartyMember.objects.get(pk=imported.pk).relation_transferred_on is None
    assert PartyMember.objects.get(pk=undone.pk).relation_transferred_on is None
