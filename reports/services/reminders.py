"""Reminders mailed to the secretaries of units whose reports are due soon or overdue."""
import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from targets.compliance import plan_start

from .. import rules
from ..models import Half, HalfYearReport, ReminderLog, ReportStatus

log = logging.getLogger(__name__)

REMINDER_DAYS_BEFORE = 3  # remind from this many days before the due date, and every day after it
FILED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)  # a report in these states is not chased
MSG_REMINDER_SUBJECT = _("Half-yearly report of %(unit)s for %(period)s: due on %(due)s")
MSG_REMINDER_DUE_SOON = _(
    "The half-yearly report of %(unit)s for %(period)s is due on %(due)s and has not been submitted yet."
)
MSG_REMINDER_OVERDUE = _(
    "The half-yearly report of %(unit)s for %(period)s was due on %(due)s and has not been submitted: "
    "it is overdue."
)
MSG_REMINDER_ACTION = _("Please open the report in the party-building portal, complete it and submit it.")
MSG_PERIOD = _("%(year)s %(half)s")
# A mail chasing several reports: one line per period, oldest first.
MSG_REMINDER_SUBJECT_MANY = _(
    "%(count)d half-yearly reports of %(unit)s are not submitted; the earliest was due on %(due)s"
)
MSG_REMINDER_LIST_INTRO = _("These half-yearly reports of %(unit)s have not been submitted:")
MSG_REMINDER_LINE_OVERDUE = _("%(period)s: due on %(due)s, overdue")
MSG_REMINDER_LINE_DUE_SOON = _("%(period)s: due on %(due)s")
MSG_REMINDER_ACTION_MANY = _("Please open each report in the party-building portal, complete it and submit it.")


def _period_label(year: int, half: int) -> str:
    return str(MSG_PERIOD % {"year": year, "half": Half(half).label})


def _reminder_message(*, user, unit, periods: list[tuple[int, int, object]], today) -> tuple:
    """The mail to USER about UNIT's reports of PERIODS ((year, half, due date), oldest first)."""
    if len(periods) == 1:
        ((year, half, due),) = periods
        params = {"unit": unit.name, "period": _period_label(year, half), "due": due.isoformat()}
        state = MSG_REMINDER_OVERDUE if due < today else MSG_REMINDER_DUE_SOON
        body = f"{state % params}\n\n{MSG_REMINDER_ACTION}\n"
        return str(MSG_REMINDER_SUBJECT % params), body, settings.DEFAULT_FROM_EMAIL, [user.email]
    lines = []
    for year, half, due in periods:
        line = MSG_REMINDER_LINE_OVERDUE if due < today else MSG_REMINDER_LINE_DUE_SOON
        lines.append(f"- {line % {'period': _period_label(year, half), 'due': due.isoformat()}}")
    subject = MSG_REMINDER_SUBJECT_MANY % {"count": len(periods), "unit": unit.name, "due": periods[0][2].isoformat()}
    body = "{}\n\n{}\n\n{}\n".format(MSG_REMINDER_LIST_INTRO % {"unit": unit.name}, "\n".join(lines),
                                      MSG_REMINDER_ACTION_MANY)
    return str(subject), body, settings.DEFAULT_FROM_EMAIL, [user.email]


def periods_to_chase(today) -> list[tuple[int, int, object]]:
    """(year, half, due date) of every half-year since the plan started (the one its start P falls
    in) that has ended and is due within REMINDER_DAYS_BEFORE days or overdue, oldest first."""
    periods = []
    for year, half in rules.ended_periods_since(plan_start(), today):
        due = rules.due_date(year, half)
        if (due - today).days <= REMINDER_DAYS_BEFORE:
            periods.append((year, half, due))
    return periods


@transaction.atomic
def report_reminders_send(*, today) -> int:
    """Mail each secretary (active, with an email address) of a unit whose reports are due within
    REMINDER_DAYS_BEFORE days or overdue and are neither submitted nor accepted (no report opened,
    a draft, or returned), for every half-year since the plan started: one mail listing each such
    period, at most once a day per secretary. The mails are in the default language. Returns the
    number of mails sent."""
    periods = periods_to_chase(today)
    if not periods:
        return 0
    secretaries = list(User.objects.filter(role=Role.UNIT_SECRETARY, is_active=True, unit__isnull=False)
                       .exclude(email="")
                       .exclude(pk__in=ReminderLog.objects.filter(sent_on=today).values("user_id"))
                       .select_related("unit").order_by("unit__code", "pk"))
    years = {year for year, _half, _due in periods}
    filed = set(HalfYearReport.objects.filter(unit_id__in={user.unit_id for user in secretaries}, status__in=FILED,
                                              year__in=years).values_list("unit_id", "year", "half"))
    messages, logs = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for user in secretaries:
            due = [(year, half, on) for year, half, on in periods if (user.unit_id, year, half) not in filed]
            if not due:
                continue
            messages.append(_reminder_message(user=user, unit=user.unit, periods=due, today=today))
            logs += [ReminderLog(user=user, unit=user.unit, year=year, half=half, sent_on=today)
                     for year, half, _on in due]
    # The log is written first, in the same transaction: a concurrent run fails on the unique
    # constraint instead of mailing twice, and a mail failure rolls the log back for a retry.
    ReminderLog.objects.bulk_create(logs)
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    log.info("report reminders sent on %s: %s", today, sent)
    return sent
