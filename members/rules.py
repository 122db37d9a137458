"""Messages of the rules on members and the pipeline, shared by models, services, forms and tests."""
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

MSG_FULL_BEFORE_JOINED = _(
    "The date of becoming a full member (%(full)s) cannot be earlier than the date of admission (%(joined)s)."
)
MSG_ACTIVIST_AFTER_JOINED = _(
    "The date of becoming an activist (%(activist)s) cannot be later than the date of admission (%(joined)s)."
)
MSG_ACTIVIST_SINCE_REQUIRED = _("An activist or development candidate needs the date they became an activist.")
MSG_APPLICANT_NO_ACTIVIST_SINCE = _(
    "An applicant has not become an activist yet: clear the activist date or change the stage."
)
MSG_ACTIVIST_BEFORE_APPLIED = _(
    "The date of becoming an activist (%(activist)s) cannot be earlier than the application date (%(applied)s)."
)
MSG_CANDIDATE_SINCE_STAGE = _("Only a development candidate has a candidate date.")
MSG_CANDIDATE_BEFORE_ACTIVIST = _(
    "The candidate date (%(candidate)s) cannot be earlier than the activist date (%(activist)s)."
)
MSG_PERSON_ID_IS_MEMBER = _("“%(person_id)s” is already the ID of a party member: a pipeline person needs another ID.")
MSG_PARTY_ORG_NOT_IN_COUNTY = _("Choose a party organization of the county's two-new organizations.")

# -- development pipeline: applicant → activist → candidate → probationary → full member --------
# The step that follows each stage; a step is only taken from the stage before it.
STEP_ACTIVIST = "activist"
STEP_CANDIDATE = "candidate"
STEP_PROBATIONARY = "probationary"
STEP_FULL = "full"
NEXT_STEP = {"applicant": STEP_ACTIVIST, "activist": STEP_CANDIDATE, "candidate": STEP_PROBATIONARY}
# Minimum intervals, in calendar months, read from settings.PIPELINE_MIN_ACTIVIST_MONTHS /
# PIPELINE_MIN_PROBATION_MONTHS: one year as an activist before becoming a development candidate,
# a probation of one year. The earliest date is the same day that many months later, or the last
# day of that month when it has no such day (members.asof.months_after): one year after 2023-03-01
# is 2024-03-01, one year after 2024-02-29 is 2025-02-28.
DEFAULT_MIN_ACTIVIST_MONTHS = 12
DEFAULT_MIN_PROBATION_MONTHS = 12


def _interval_text(months: int) -> str:
    if months and months % 12 == 0:
        years = months // 12
        if years == 1:
            return gettext("one year")
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}


# An interval of MONTHS as the messages name it ("one year", "2 years", "6 months", "18 months"),
# in the language active when it is shown.
interval_label = lazy(_interval_text, str)

MSG_STEP_IN_FUTURE = _("The date of this step (%(on)s) cannot be in the future: today is %(today)s.")
MSG_STEP_BEFORE_PREVIOUS = _(
    "The date of this step (%(on)s) cannot be earlier than the previous step (%(previous)s)."
)
MSG_STEP_WRONG_ORDER = _(
    "%(name)s is at the stage “%(stage)s”: the next step is “%(next)s”, not “%(to)s”."
)
MSG_STEP_NONE_LEFT = _("%(name)s is already a full member (since %(full)s): there is no further step.")
MSG_ACTIVIST_TOO_SHORT = _(
    "A development candidate must have been an activist for at least %(period)s: activist since %(since)s, "
    "which is less than %(period)s on %(on)s. The earliest date is %(earliest)s."
)
MSG_PROBATION_TOO_SHORT = _(
    "A probationary member becomes a full member after a probation of at least %(period)s: admitted on "
    "%(since)s, which is less than %(period)s on %(on)s. The earliest date is %(earliest)s."
)
MSG_PERSON_ADMITTED = _("%(name)s was admitted as a probationary member on %(on)s.")
MSG_PERSON_ADVANCED = _("%(name)s is now at the stage “%(stage)s” since %(on)s.")
MSG_MEMBER_MADE_FULL = _("%(name)s is a full member from %(on)s.")

# -- instructors and liaison officers (item 7) and county leaders' contact points (item 8) --------
# The plan: an officer looks after one or two organizations (the officer_load target's
# max_organizations). More is allowed but warned about, never refused.
MSG_OFFICER_LOAD_HELP = _(
    "The plan asks each officer to look after at most %(max)d organizations; more is saved with a warning."
)
MSG_OFFICER_OVER_CAPACITY = _(
    "%(name)s now looks after %(count)d organizations: the plan asks for at most %(max)d per officer."
)
MSG_OFFICER_ASSIGNED = _("%(name)s now looks after %(count)d organizations.")
MSG_ASSIGN_NONE_CHOSEN = _("Choose at least one organization to assign.")
MSG_SUGGESTION_NONE_CHOSEN = _("Choose at least one suggested assignment to accept.")
MSG_SUGGESTION_UNKNOWN = _("A chosen assignment names an officer or organization that does not exist any more.")
MSG_SUGGESTION_TWICE = _(
    "“%(organization)s” is chosen more than once: an organization gets one suggested officer. Nothing was assigned."
)
MSG_SUGGESTION_NOT_UNCOVERED = _(
    "“%(organization)s” is no longer uncovered without an officer (a party org covers it or an officer looks "
    "after it now). Nothing was assigned; review the refreshed suggestions."
)
MSG_SUGGESTION_NOT_SERVING = _(
    "%(officer)s is not serving today (appointed on %(appointed)s). Nothing was assigned; review the refreshed "
    "suggestions."
)
MSG_SUGGESTION_OVER_CAPACITY = _(
    "%(officer)s looks after %(count)d organizations and would get %(new)d more, above the %(max)d the plan "
    "allows. Nothing was assigned; review the refreshed suggestions."
)
MSG_SUGGESTIONS_ACCEPTED = _("%(count)d suggested assignments were accepted.")

# -- member follow-up: relationships due to transfer, members under no management -----------
MSG_RELATION_ALREADY_TRANSFERRED = _("The organizational relationship of %(name)s is already transferred.")
MSG_RELATION_TRANSFER_IN_FUTURE = _("The transfer date (%(on)s) cannot be in the future: today is %(today)s.")
MSG_RELATION_TRANSFER_BEFORE_JOINED = _(
    "The transfer date (%(on)s) cannot be earlier than the date of admission (%(joined)s)."
)
MSG_RELATION_TRANSFER_DATE_NOT_TRANSFERRED = _(
    "A transfer date (%(on)s) is given but the relationship is not marked as transferred: tick “organizational "
    "relationship transferred” or clear the date."
)
MSG_RELATION_TRANSFERRED = _("The organizational relationship of %(name)s is recorded as transferred on %(on)s.")
MSG_MANAGING_UNIT_NOT_OWN = _("A unit secretary can only make their own unit the managing unit, not %(unit)s.")
MSG_MANAGING_UNIT_ASSIGNED = _("%(name)s is now managed by %(unit)s.")

# -- training records ----------------------------------------------------------------------------
MSG_TRAINING_PARTY_ORG_REQUIRED = _("Choose the party organization of the trainee.")
MSG_TRAINING_SEAT_OTHER_PARTY_ORG = _(
    "%(seat)s sits in the leadership team of %(seat_party_org)s, not of %(party_org)s."
)
MSG_TRAINING_YEAR_MISMATCH = _("The training was held on %(held_on)s, which is not in the year %(year)s.")
MSG_TRAINING_IN_FUTURE = _("The training date (%(held_on)s) cannot be in the future: today is %(today)s.")
