"""Messages of the rules on organizations and party orgs, shared by models, services, forms and tests."""
from django.utils.translation import gettext_lazy as _

MSG_REVOKED_BEFORE_ESTABLISHED = _(
    "The revocation date (%(revoked)s) cannot be earlier than the establishment date (%(established)s)."
)
MSG_DEMO_YEAR_REQUIRED = _("Give the year the party organization became a demonstration site.")
MSG_DEMO_YEAR_WITHOUT_LEVEL = _("A year is given only for a demonstration site: choose its level or clear the year.")
MSG_DEMO_YEAR_BEFORE_ESTABLISHED = _(
    "The demonstration year (%(year)s) cannot be earlier than the year the party organization was "
    "established (%(established_year)s)."
)
MSG_STANDALONE_ONE_ORG = _(
    "A standalone party organization covers exactly one organization; %(count)d were chosen."
)
MSG_JOINT_TWO_ORGS = _(
    "A joint party organization covers two or more organizations; %(count)d was chosen."
)
MSG_FIVE_GOODS_YEAR_BEFORE_ESTABLISHED = _(
    "The assessment year (%(year)s) cannot be earlier than the year the party organization was "
    "established (%(established_year)s)."
)
MSG_FAMILY_CAP = _(
    "Family members of the owner may not exceed half of the leadership team: this team would have "
    "%(family)d of %(size)d."
)
