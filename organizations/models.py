"""Supervising units, two-new organizations, party organizations and what hangs off them.

Field names follow Django style; every column of the register (docs/register.md) has a home here or
in members/ (the register's column name is noted where it differs).
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.history import HistoricalRecords
from common.validators import validate_key

from . import rules
from .validators import validate_credit_code


class UnitKind(models.TextChoices):
    TOWNSHIP = "township", _("Township party committee")
    NON_STATE_COMMITTEE = "non_state_committee", _("Non-state enterprise party committee")
    COMMERCE_BUREAU = "commerce_bureau", _("Industry and commerce bureau general branch")
    COMMUNITY = "community", _("Community")
    INDUSTRY_DEPARTMENT = "industry_department", _("Industry department")


class SupervisingUnit(models.Model):
    """主管部门和单位: the unit every organization belongs to and whose secretary reports."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("supervising unit")
        verbose_name_plural = _("supervising units")

    def __str__(self):
        return f"{self.name}（{self.code}）"


class Category(models.TextChoices):
    ECONOMIC = "economic", _("New economic organization")
    SOCIAL = "social", _("New social organization")


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Organization(models.Model):
    """两新组织, identified by its unified social credit code. History keeps its size and status."""

    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    individual_business = models.BooleanField(_("individual business"), default=False)
    township = models.CharField(_("township"), max_length=100, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    unit = models.ForeignKey(
        SupervisingUnit, verbose_name=_("supervising unit"), on_delete=models.PROTECT, related_name="organizations"
    )
    employees = models.PositiveIntegerField(_("employees"))
    stable = models.BooleanField(_("operates stably"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    owner_name = models.CharField(_("owner"), max_length=100, blank=True)
    owner_is_member = models.BooleanField(_("owner is a party member"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["credit_code"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["township"])]
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("credit_code"), 18),
                name="organization_credit_code_18_chars",
                violation_error_message=_("A unified social credit code has 18 characters."),
            ),
            models.CheckConstraint(
                condition=Q(employees__gte=0),
                name="organization_employees_not_negative",
                violation_error_message=_("The number of employees cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:organization_detail", kwargs={"credit_code": self.credit_code})


class PartyOrgLevel(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General branch")
    BRANCH = "branch", _("Branch")


class PartyOrgForm(models.TextChoices):
    STANDALONE = "standalone", _("Standalone")
    JOINT = "joint", _("Joint")


class DemoLevel(models.TextChoices):
    COUNTY = "county", _("County level")
    CITY = "city", _("City level")


THREE_HAVES = ("has_venue", "has_facilities", "has_funding")  # 有阵地、有设施、办公有经费


class PartyOrg(models.Model):
    """党组织: standalone (one organization) or joint (two or more), led by a supervising unit."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_key])
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=PartyOrgLevel.choices)
    form = models.CharField(_("form"), max_length=16, choices=PartyOrgForm.choices)
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("organizations covered"), related_name="party_orgs"
    )  # register: org_codes
    unit = models.ForeignKey(
        SupervisingUnit, verbose_name=_("leading unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="party_orgs",
    )  # register: unit_code (may be empty in the register)
    established_on = models.DateField(_("established on"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    has_venue = models.BooleanField(_("has a venue"), default=False)
    has_facilities = models.BooleanField(_("has facilities"), default=False)
    has_funding = models.BooleanField(_("has office funding"), default=False)
    demo_level = models.CharField(_("demonstration site level"), max_length=16, choices=DemoLevel.choices, blank=True)
    demo_year = models.PositiveIntegerField(_("demonstration site year"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[organizations])

    class Meta:
        ordering = ["code"]
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=F("established_on")),
                name="party_org_revoked_after_established",
                violation_error_message=_("A party organization cannot be revoked before it was established."),
            ),
            models.CheckConstraint(
                condition=(Q(demo_level="") & Q(demo_year__isnull=True))
                | (~Q(demo_level="") & Q(demo_year__isnull=False)),
                name="party_org_demo_year_with_level",
                violation_error_message=_(
                    "A demonstration site needs both a level and a year; a party organization that is "
                    "not one has neither."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:partyorg_detail", kwargs={"code": self.code})

    def clean(self):
        errors = {}
        if self.revoked_on and self.established_on and self.revoked_on < self.established_on:
            errors["revoked_on"] = ValidationError(
                rules.MSG_REVOKED_BEFORE_ESTABLISHED,
                code="revoked_before_established",
                params={"revoked": self.revoked_on, "established": self.established_on},
            )
        if self.demo_level and self.demo_year is None:
            errors["demo_year"] = ValidationError(rules.MSG_DEMO_YEAR_REQUIRED, code="demo_year_required")
        elif not self.demo_level and self.demo_year is not None:
            errors["demo_year"] = ValidationError(rules.MSG_DEMO_YEAR_WITHOUT_LEVEL, code="demo_year_without_level")
        elif self.demo_year is not None and self.established_on and self.demo_year < self.established_on.year:
            errors["demo_year"] = ValidationError(
                rules.MSG_DEMO_YEAR_BEFORE_ESTABLISHED,
                code="demo_year_before_established",
                params={"year": self.demo_year, "established_year": self.established_on.year},
            )
        if errors:
            raise ValidationError(errors)

    @property
    def has_three_haves(self) -> bool:
        """Venue, facilities and office funding (三有): the fields of THREE_HAVES, as organizations.asof
        counts them."""
        return all(getattr(self, name) for name in THREE_HAVES)


class LeadershipRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    MEMBER = "member", _("Member")


class LeadershipMember(models.Model):
    """A seat in a party org's leadership team (领导班子). The register gives these no key."""

    party_org = models.ForeignKey(
        PartyOrg, verbose_name=_("party organization"), on_delete=models.CASCADE, related_name="leadership"
    )
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=LeadershipRole.choices)
    owner_family = models.BooleanField(_("family member of the owner"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party_org", "id"]
        verbose_name = _("leadership team member")
        verbose_name_plural = _("leadership team members")

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"


FIVE_GOODS_CRITERIA = ("leadership", "members", "mechanism", "performance", "mass")


class FiveGoodsAssessment(models.Model):
    """The yearly five-goods (五个好) assessment of one party organization."""

    party_org = models.ForeignKey(
        PartyOrg, verbose_name=_("party organization"), on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveIntegerField(_("year"))
    leadership = models.BooleanField(_("good leadership team"), default=False)
    members = models.BooleanField(_("good member team"), default=False)
    mechanism = models.BooleanField(_("good working mechanism"), default=False)
    performance = models.BooleanField(_("good development results"), default=False)
    mass = models.BooleanField(_("good response from the people"), default=False)
    leadership_note = models.TextField(_("note on the leadership team"), blank=True)
    members_note = models.TextField(_("note on the member team"), blank=True)
    mechanism_note = models.TextField(_("note on the working mechanism"), blank=True)
    performance_note = models.TextField(_("note on the development results"), blank=True)
    mass_note = models.TextField(_("note on the response from the people"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party_org", "year"]
        verbose_name = _("five-goods assessment")
        verbose_name_plural = _("five-goods assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["party_org", "year"],
                name="five_goods_one_per_party_org_and_year",
                violation_error_message=_("This party organization already has an assessment for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.party_org} {self.year}"

    def get_absolute_url(self):
        return reverse("organizations:assessment_detail", kwargs={"pk": self.pk})

    def clean(self):
        party_org = self.party_org if self.party_org_id else None
        if party_org and self.year and self.year < party_org.established_on.year:
            raise ValidationError(
                {
                    "year": ValidationError(
                        rules.MSG_FIVE_GOODS_YEAR_BEFORE_ESTABLISHED,
                        code="year_before_established",
                        params={"year": self.year, "established_year": party_org.established_on.year},
                    )
                }
            )

    @property
    def all_good(self) -> bool:
        return all(getattr(self, c) for c in FIVE_GOODS_CRITERIA)


class ActivityKind(models.TextChoices):
    ORG_LIFE = "org_life", _("Organizational life meeting")
    SHORT_MEETING = "short_meeting", _("Short meeting")
    TALK = "talk", _("Talk")
    PRODUCTION_COMPETITION = "production_competition", _("Production competition")
    PIONEER_POST = "pioneer_post", _("Pioneer post")
    AID_PAIR = "aid_pair", _("Mutual-aid pair")
    OTHER = "other", _("Other")


class ActivityRecord(models.Model):
    """Org life and activities of a party org (meetings, pioneer posts, aid pairs…)."""

    party_org = models.ForeignKey(
        PartyOrg, verbose_name=_("party organization"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ActivityKind.choices)
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = _("activity record")
        verbose_name_plural = _("activity records")

    def __str__(self):
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self):
        return reverse("organizations:activityrecord_detail", kwargs={"pk": self.pk})


class ChangeKind(models.TextChoices):
    ESTABLISH = "establish", _("Establish")
    REVOKE = "revoke", _("Revoke")
    CHANGE = "change", _("Change")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PartyOrgChangeRequest(models.Model):
    """A request to establish, revoke or change a party org; nothing changes before approval."""

    kind = models.CharField(_("kind"), max_length=16, choices=ChangeKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    unit = models.ForeignKey(
        SupervisingUnit, verbose_name=_("requesting unit"), on_delete=models.PROTECT, related_name="change_requests"
    )
    party_org = models.ForeignKey(
        PartyOrg, verbose_name=_("party organization"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="change_requests",
        help_text=_("The party organization to revoke or change; empty when establishing a new one."),
    )
    proposed_code = models.CharField(_("proposed code"), max_length=32, blank=True, validators=[validate_key])
    proposed_name = models.CharField(_("proposed name"), max_length=200, blank=True)
    proposed_level = models.CharField(_("proposed level"), max_length=20, choices=PartyOrgLevel.choices, blank=True)
    proposed_form = models.CharField(_("proposed form"), max_length=16, choices=PartyOrgForm.choices, blank=True)
    proposed_organizations = models.ManyToManyField(
        Organization, verbose_name=_("proposed organizations covered"), blank=True, related_name="+"
    )
    proposed_leading_unit = models.ForeignKey(
        SupervisingUnit, verbose_name=_("proposed leading unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
        on_delete=models.SET_NULL, related_name="party_org_requests",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    history = HistoricalRecords(m2m_fields=[proposed_organizations])

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("party organization change request")
        verbose_name_plural = _("party organization change requests")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="establish") & Q(party_org__isnull=True))
                | (~Q(kind="establish") & Q(party_org__isnull=False)),
                name="change_request_party_org_matches_kind",
                violation_error_message=_(
                    "A request to establish names no existing party organization; a request to "
                    "revoke or change names one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(reviewed_at__isnull=False),
                name="change_request_reviewed_when_decided",
                violation_error_message=_("An approved or rejected request must have a review date."),
            ),
        ]

    def __str__(self):
        target = self.party_org or self.proposed_name
        return f"{self.get_kind_display()}：{target}"
