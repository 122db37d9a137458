"""Party members, the development pipeline, officers, county leaders and training records."""
import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.history import HistoricalRecords
from common.validators import validate_key
from organizations.models import Organization, PartyOrg, SupervisingUnit

from . import rules


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class DiscoveredVia(models.TextChoices):
    REGISTRATION_FORM = "registration_form", _("Party-member field on the registration form")
    HIRING_FORM = "hiring_form", _("Party-member field on the hiring form")
    SELF_REPORTED = "self_reported", _("Reported by the member")
    OTHER = "other", _("Other")


def transfer_date_error(*, on: datetime.date, joined_on: datetime.date | None) -> ValidationError | None:
    """Why ON cannot be the date a member's relationship was transferred (it is in the future, or
    before the member was admitted), or None."""
    today = timezone.localdate()
    if on > today:
        return ValidationError(rules.MSG_RELATION_TRANSFER_IN_FUTURE, code="transfer_in_future",
                               params={"on": on, "today": today})
    if joined_on and on < joined_on:
        return ValidationError(rules.MSG_RELATION_TRANSFER_BEFORE_JOINED, code="transfer_before_joined",
                               params={"on": on, "joined": joined_on})
    return None


class PartyMember(models.Model):
    """党员 working in a two-new organization, and where their organizational relationship sits."""

    member_id = models.CharField(_("member ID"), max_length=32, unique=True, validators=[validate_key])
    name = models.CharField(_("name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="members"
    )  # register: org_code
    joined_on = models.DateField(_("admitted on (probationary)"))
    full_on = models.DateField(_("full member from"), null=True, blank=True)
    employed_since = models.DateField(_("working in the organization since"))
    relation_transferred = models.BooleanField(_("organizational relationship transferred"), default=False)
    # The portal's own fact (the register has no column for it): set by the transfer service,
    # cleared when the register says the relationship is not transferred.
    relation_transferred_on = models.DateField(_("relationship transferred on"), null=True, blank=True)
    party_org = models.ForeignKey(
        PartyOrg, verbose_name=_("party organization holding the relationship"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )  # register: party_org_code
    managing_unit = models.ForeignKey(
        SupervisingUnit, verbose_name=_("managing unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="managed_members",
    )  # register: managing_unit_code
    activist_since = models.DateField(_("activist since"), null=True, blank=True)
    discovered_via = models.CharField(
        _("found through"), max_length=32, choices=DiscoveredVia.choices, blank=True,
        help_text=_("How a hidden member came to light, if they were one."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["member_id"]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        indexes = [models.Index(fields=["joined_on"]), models.Index(fields=["full_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(full_on__isnull=True) | Q(full_on__gte=F("joined_on")),
                name="member_full_not_before_joined",
                violation_error_message=_("A member cannot become a full member before being admitted."),
            ),
            models.CheckConstraint(
                condition=Q(activist_since__isnull=True) | Q(activist_since__lte=F("joined_on")),
                name="member_activist_not_after_joined",
                violation_error_message=_("A member must have become an activist on or before being admitted."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("members:partymember_detail", kwargs={"member_id": self.member_id})

    def __str__(self):
        return f"{self.name}（{self.member_id}）"

    def clean(self):
        errors = {}
        if self.full_on and self.joined_on and self.full_on < self.joined_on:
            errors["full_on"] = ValidationError(
                rules.MSG_FULL_BEFORE_JOINED, code="full_before_joined",
                params={"full": self.full_on, "joined": self.joined_on},
            )
        if self.activist_since and self.joined_on and self.activist_since > self.joined_on:
            errors["activist_since"] = ValidationError(
                rules.MSG_ACTIVIST_AFTER_JOINED, code="activist_after_joined",
                params={"activist": self.activist_since, "joined": self.joined_on},
            )
        if self.relation_transferred_on:
            if not self.relation_transferred:
                errors["relation_transferred_on"] = ValidationError(
                    rules.MSG_RELATION_TRANSFER_DATE_NOT_TRANSFERRED, code="transfer_date_not_transferred",
                    params={"on": self.relation_transferred_on},
                )
            elif error := transfer_date_error(on=self.relation_transferred_on, joined_on=self.joined_on):
                errors["relation_transferred_on"] = error
        if errors:
            raise ValidationError(errors)


class Stage(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVIST = "activist", _("Activist")
    CANDIDATE = "candidate", _("Development candidate")


class PipelineStep(models.TextChoices):
    """The steps of the development pipeline (rules.NEXT_STEP orders them); not a stored field."""

    ACTIVIST = "activist", _("Activist")
    CANDIDATE = "candidate", _("Development candidate")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")


class PipelinePerson(models.Model):
    """Someone on the way to membership: applicant → activist → development candidate."""

    person_id = models.CharField(_("person ID"), max_length=32, unique=True, validators=[validate_key])
    name = models.CharField(_("name"), max_length=100)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="pipeline"
    )  # register: org_code
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    activist_since = models.DateField(_("activist since"), null=True, blank=True)
    candidate_since = models.DateField(_("development candidate since"), null=True, blank=True)
    union_or_league_head = models.BooleanField(_("union or youth-league head"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person_id"]
        verbose_name = _("pipeline person")
        verbose_name_plural = _("development pipeline")
        constraints = [
            models.CheckConstraint(
                condition=(Q(stage="applicant") & Q(activist_since__isnull=True))
                | (Q(stage__in=["activist", "candidate"]) & Q(activist_since__isnull=False)),
                name="pipeline_activist_since_matches_stage",
                violation_error_message=_(
                    "An activist or development candidate needs the date they became an activist; "
                    "an applicant has none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(activist_since__isnull=True) | Q(applied_on__isnull=True)
                | Q(activist_since__gte=F("applied_on")),
                name="pipeline_activist_not_before_applied",
                violation_error_message=_("Nobody becomes an activist before applying."),
            ),
            models.CheckConstraint(
                condition=Q(candidate_since__isnull=True)
                | (Q(stage="candidate") & Q(candidate_since__gte=F("activist_since"))),
                name="pipeline_candidate_after_activist",
                violation_error_message=_(
                    "Only a development candidate has a candidate date, and it cannot be before "
                    "they became an activist."
                ),
            ),
        ]

    def get_absolute_url(self):
        return reverse("members:pipelineperson_detail", kwargs={"person_id": self.person_id})

    def __str__(self):
        return f"{self.name}（{self.person_id}）"

    def clean(self):
        errors = {}
        if self.stage in (Stage.ACTIVIST, Stage.CANDIDATE) and not self.activist_since:
            errors["activist_since"] = ValidationError(rules.MSG_ACTIVIST_SINCE_REQUIRED, code="activist_since_required")
        elif self.stage == Stage.APPLICANT and self.activist_since:
            errors["activist_since"] = ValidationError(
                rules.MSG_APPLICANT_NO_ACTIVIST_SINCE, code="applicant_activist_since"
            )
        elif self.activist_since and self.applied_on and self.activist_since < self.applied_on:
            errors["activist_since"] = ValidationError(
                rules.MSG_ACTIVIST_BEFORE_APPLIED, code="activist_before_applied",
                params={"activist": self.activist_since, "applied": self.applied_on},
            )
        if self.candidate_since:
            if self.stage != Stage.CANDIDATE:
                errors["candidate_since"] = ValidationError(rules.MSG_CANDIDATE_SINCE_STAGE, code="candidate_stage")
            elif self.activist_since and self.candidate_since < self.activist_since:
                errors["candidate_since"] = ValidationError(
                    rules.MSG_CANDIDATE_BEFORE_ACTIVIST, code="candidate_before_activist",
                    params={"candidate": self.candidate_since, "activist": self.activist_since},
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_key_candidate(self) -> bool:
        """Union and youth-league heads who are not members are key candidates (推优)."""
        return self.union_or_league_head


class OfficerRole(models.TextChoices):
    INSTRUCTOR = "instructor", _("Instructor")
    LIAISON = "liaison", _("Liaison officer")


class Officer(models.Model):
    """党建工作指导员/联络员 sent by the county; looks after one or two organizations."""

    officer_id = models.CharField(_("officer ID"), max_length=32, unique=True, validators=[validate_key])
    name = models.CharField(_("name"), max_length=100)
    home_unit = models.CharField(_("home unit"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=OfficerRole.choices)
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("organizations looked after"), blank=True, related_name="officers"
    )  # register: org_codes
    appointed_on = models.DateField(_("appointed on"))
    history = HistoricalRecords(m2m_fields=[organizations])

    class Meta:
        ordering = ["officer_id"]
        verbose_name = _("instructor or liaison officer")
        verbose_name_plural = _("instructors and liaison officers")

    def get_absolute_url(self):
        return reverse("members:officer_detail", kwargs={"officer_id": self.officer_id})

    def __str__(self):
        return f"{self.name}（{self.officer_id}）"


class CountyLeader(models.Model):
    """A county-level leading cadre (县处级党员领导干部) with contact points (联系点)."""

    leader_id = models.CharField(_("leader ID"), max_length=32, unique=True, validators=[validate_key])
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("title"), max_length=100, blank=True)
    contact_points = models.ManyToManyField(
        Organization, verbose_name=_("contact points"), blank=True, related_name="contact_leaders"
    )  # register: org_codes
    history = HistoricalRecords(m2m_fields=[contact_points])

    class Meta:
        ordering = ["leader_id"]
        verbose_name = _("county leader")
        verbose_name_plural = _("county leaders")

    def get_absolute_url(self):
        return reverse("members:countyleader_detail", kwargs={"leader_id": self.leader_id})

    def __str__(self):
        return f"{self.name}（{self.title}）" if self.title else self.name


class TrainingKind(models.TextChoices):
    PARTY_SCHOOL_YEARLY = "party_school_yearly", _("Yearly party-school training")
    PRE_APPOINTMENT = "pre_appointment", _("Training before taking office")


class TrainingRecord(models.Model):
    """Training of party-affairs workers; pre-appointment training of new party-org secretaries."""

    kind = models.CharField(_("kind"), max_length=32, choices=TrainingKind.choices)
    trainee_name = models.CharField(_("trainee"), max_length=100)
    party_org = models.ForeignKey(
        PartyOrg, verbose_name=_("party organization"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="trainings",
    )
    leadership_member = models.ForeignKey(
        "organizations.LeadershipMember", verbose_name=_("leadership team seat"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="trainings",
    )
    year = models.PositiveIntegerField(_("year"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "trainee_name"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self):
        return f"{self.year} {self.trainee_name}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("members:trainingrecord_detail", kwargs={"pk": self.pk})
