"""Messages of the rules on members and the pipeline, shared by models, services, forms and tests."""
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
