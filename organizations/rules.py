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
MSG_STANDALONE_TAKEN = _(
    "“%(organization)s” already has a standalone party organization at that time: “%(party_org)s” (%(code)s, "
    "%(period)s). An organization has one standalone party organization at a time: revoke that one first, or "
    "choose the joint form."
)
MSG_PERIOD_OPEN = _("since %(established)s")
MSG_PERIOD_CLOSED = _("%(established)s to %(revoked)s")
MSG_REQUEST_OTHER_UNIT = _("A unit secretary asks for their own unit only.")
MSG_REQUEST_LEADING_UNIT_OUT_OF_SCOPE = _("A unit secretary proposes their own unit as the leading unit, or none.")
MSG_FIVE_GOODS_YEAR_BEFORE_ESTABLISHED = _(
    "The assessment year (%(year)s) cannot be earlier than the year the party organization was "
    "established (%(established_year)s)."
)
MSG_FAMILY_CAP = _(
    "Family members of the owner may not exceed half of the leadership team: this team would have "
    "%(family)d of %(size)d."
)
MSG_REQUEST_CODE_TAKEN = _("A party organization with the code “%(code)s” already exists.")
MSG_REQUEST_CODE_PENDING = _("Another pending request already proposes the code “%(code)s”.")
MSG_REQUEST_FIELD_REQUIRED = _("Give this to establish a party organization.")
MSG_REQUEST_ORGS_OUT_OF_SCOPE = _("These organizations are not among yours: %(codes)s.")
MSG_REQUEST_PARTY_ORG_UNKNOWN = _("None of your party organizations has the code “%(code)s”.")
MSG_REQUEST_PARTY_ORG_REQUIRED = _("Choose the party organization to revoke or change.")
MSG_REQUEST_ALREADY_REVOKED = _("This party organization was already revoked on %(date)s.")
MSG_REQUEST_ONE_PENDING = _("A request for this party organization is already waiting for approval.")
MSG_REQUEST_NOTHING_CHANGES = _("The request changes nothing: propose a new form, level, name, organizations or "
                                "leading unit.")
MSG_REQUEST_NOT_PENDING = _("This request was already %(status)s.")
MSG_REQUEST_COMMENT_REQUIRED = _("Say why the request is rejected.")
MSG_REQUEST_EFFECTIVE_BEFORE_ESTABLISHED = _(
    "The effective date (%(date)s) cannot be earlier than the establishment date (%(established)s)."
)

MSG_LEADERSHIP_ADDED = _("%(name)s was added to the leadership team.")
MSG_LEADERSHIP_REMOVED = _("%(name)s was removed from the leadership team.")

# Five-goods assessments and demonstration sites.
MSG_FIVE_GOODS_DUPLICATE_YEAR = _("This party organization already has an assessment for %(year)s.")
MSG_FIVE_GOODS_YEAR_IN_FUTURE = _("The assessment year (%(year)s) cannot be later than the current year (%(current)s).")
MSG_FIVE_GOODS_RECORDED = _("The %(year)s five-goods assessment was recorded; county staff will confirm it.")
MSG_FIVE_GOODS_UNCONFIRMED = _(
    "The assessment was changed after the county confirmed it, so it is no longer confirmed: county staff "
    "must confirm it again."
)
MSG_FIVE_GOODS_CONFIRMED = _("The %(year)s five-goods assessment of %(party_org)s was confirmed.")
MSG_FIVE_GOODS_ALREADY_CONFIRMED = _("This assessment was already confirmed by %(user)s on %(date)s.")
MSG_FIVE_GOODS_CONFIRM_STAFF_ONLY = _("Only county staff confirm five-goods assessments.")
MSG_DEMO_SITE_DESIGNATED = _("%(party_org)s was designated a demonstration site (%(level)s, %(year)s).")
MSG_DEMO_SITE_WITHDRAWN = _("%(party_org)s is no longer a demonstration site.")
MSG_DEMO_SITE_NOT_DESIGNATED = _("This party organization is not a demonstration site.")

# Activity records of a party org.
MSG_ACTIVITY_IN_FUTURE = _("The activity date (%(held_on)s) cannot be in the future: today is %(today)s.")
MSG_ACTIVITY_BEFORE_ESTABLISHED = _(
    "The activity date (%(held_on)s) cannot be earlier than the establishment of the party organization "
    "(%(established)s)."
)
MSG_ACTIVITY_AFTER_REVOKED = _(
    "The activity date (%(held_on)s) cannot be later than the revocation of the party organization (%(revoked)s)."
)
MSG_ACTIVITY_RECORDED = _("The activity “%(title)s” was recorded.")
