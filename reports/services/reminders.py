"""Reminders mailed to the secretaries of units whose report is due soon or overdue."""
import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

from .. import rules
from ..models import Half, HalfYearReport, ReminderLog, ReportStatus

log = logging.getLogger(__name__)

REMINDER_DAYS_BEFORE = 3  # remind from this many days before the due date, and every day after it
REMINDER_PERIODS = 2  # how many of the latest ended half-years are chased
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


def _reminder_message(*, user, unit, year: int, half: int, due, today) -> tuple:
    params = {"unit": unit.name, "period": MSG_PERIOD % {"year": year, "half": Half(half).label},
              "due": due.isoformat()}
    state = MSG_REMINDER_OVERDUE if due < today else MSG_REMINDER_DUE_SOON
    body = f"{state % params}\n\n{MSG_REMINDER_ACTION}\n"
    return str(MSG_REMINDER_SUBJECT % params), body, settings.DEFAULT_FROM_EMAIL, [user.email]


@transaction.atomic
def report_reminders_send(*, today) -> int:
    """Mail the secretaries (with an email address) of every unit whose report for a recently
    ended half-year is due within REMINDER_DAYS_BEFORE days or overdue and is neither submitted
    nor accepted (no report opened yet, a draft, or returned): at most once a day per secretary
    and report. The mails are in the default language. Returns the number of mails sent."""
    messages, logs = [], []
    for year, half in rules.ended_periods(today, count=REMINDER_PERIODS):
        due = rules.due_date(year, half)
        if (due - today).days > REMINDER_DAYS_BEFORE:
            continue
        filed = HalfYearReport.objects.filter(unit=OuterRef("unit"), year=year, half=half,
                                              status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED))
        reminded = ReminderLog.objects.filter(user=OuterRef("pk"), unit=OuterRef("unit"), year=year, half=half,
                                              sent_on=today)
        secretaries = (User.objects.filter(role=Role.UNIT_SECRETARY, is_active=True, unit__isnull=False)
                       .exclude(email="").filter(~Exists(filed), ~Exists(reminded))
                       .select_related("unit").order_by("unit__code", "pk"))
        with translation.override(settings.LANGUAGE_CODE):
            for user in secretaries:
                messages.append(_reminder_message(user=user, unit=user.unit, year=year, half=half, due=due,
                                                  today=today))
                logs.append(ReminderLog(user=user, unit=user.unit, year=year, half=half, sent_on=today))
    # The log is written first, in the same transaction: a concurrent run fails on the unique
    # constraint instead of mailing twice, and a mail failure rolls the log back for a retry.
    ReminderLog.objects.bulk_create(logs)
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    log.info("report reminders sent on %s: %s", today, sent)
    return sent
