"""A relationship transfer gets a date of its own (relation_transferred_on).

Until now the transfer service (members.services.member_relation_transferred) kept the date only in
the history row's change reason, "relation transferred on YYYY-MM-DD". The date is recovered from
there for a member whose relationship is transferred now, when the row that made it transferred
(the last change of relation_transferred from no to yes) is still kept and carries that reason,
and the date is not before the member's admission. Every other member's date stays empty: a
relationship that came transferred with the register, or whose history was pruned, has no known
date."""
import datetime
import re

from django.db import migrations, models

REASON = re.compile(r"^relation transferred on (\d{4}-\d{2}-\d{2})$")


def fill_transfer_dates(apps, schema_editor):
    PartyMember = apps.get_model("members", "PartyMember")
    History = apps.get_model("members", "HistoricalPartyMember")
    members = {m.pk: m for m in PartyMember.objects.filter(relation_transferred=True,
                                                           relation_transferred_on__isnull=True)}
    if not members:
        return
    dates: dict[int, datetime.date | None] = {}
    transferred_before: dict[int, bool] = {}
    rows = (History.objects.filter(id__in=list(members)).order_by("id", "history_date", "history_id")
            .values_list("id", "relation_transferred", "history_change_reason"))
    for member_id, transferred, reason in rows.iterator():
        if transferred and not transferred_before.get(member_id, False):
            match = REASON.match(reason or "")
            dates[member_id] = datetime.date.fromisoformat(match.group(1)) if match else None
        elif not transferred:
            dates.pop(member_id, None)
        transferred_before[member_id] = transferred
    filled = []
    for member_id, on in dates.items():
        member = members[member_id]
        if on is not None and on >= member.joined_on:
            member.relation_transferred_on = on
            filled.append(member)
    PartyMember.objects.bulk_update(filled, ["relation_transferred_on"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0002_key_validators"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpartymember",
            name="relation_transferred_on",
            field=models.DateField(blank=True, null=True, verbose_name="relationship transferred on"),
        ),
        migrations.AddField(
            model_name="partymember",
            name="relation_transferred_on",
            field=models.DateField(blank=True, null=True, verbose_name="relationship transferred on"),
        ),
        migrations.RunPython(fill_transfer_dates, migrations.RunPython.noop, elidable=True),
    ]
