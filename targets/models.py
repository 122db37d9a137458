"""The plan (its start date) and its targets: thresholds and deadlines are data admins edit."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.history import HistoricalRecords

from . import registry


class Plan(models.Model):
    """The county plan the portal serves. One row; its start date is P of the targets (docs/targets.md)."""

    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("plan start"))
    baseline = models.JSONField(
        _("baseline figures of the plan"), default=dict, blank=True,
        help_text=_("The figures the plan's opening paragraph gives, shown beside the current ones."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plan")

    def __str__(self):
        return self.name


class TargetKind(models.TextChoices):
    PERCENT = registry.PERCENT, registry.KIND_LABELS[registry.PERCENT]
    COUNT = registry.COUNT, registry.KIND_LABELS[registry.COUNT]


class PlanTarget(models.Model):
    """One target of the plan: a percentage to reach 100, or a count to reach a minimum."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=TargetKind.choices)
    target = models.PositiveIntegerField(
        _("target"), help_text=_("100 for a percentage target; the minimum for a count target.")
    )
    deadline = models.DateField(_("deadline"))
    parameters = models.JSONField(
        _("parameters"), default=dict, blank=True,
        help_text=_("Further thresholds of the target (size bands, quotas), as the compliance rules name them."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(target=100),
                name="plan_target_percent_is_100",
                violation_error_message=_("A percentage target is always 100."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """The row must be a target of the registry (targets.registry), with its kind and all its
        parameters, well typed: Django admin and the services refuse anything else."""
        registry.validate_target(code=self.code, kind=self.kind, target=self.target, parameters=self.parameters)

    @property
    def definition(self) -> registry.Definition | None:
        return registry.definition(self.code)


class Snapshot(models.Model):
    """The compliance figures stored for an as-of date: one document per scope (see SnapshotScope).

    Snapshots as of a half-year end (06-30, 12-31) are frozen for audit: a recompute never
    rewrites them."""

    as_of = models.DateField(_("as of"), unique=True)
    computed_at = models.DateTimeField(_("computed at"))
    frozen = models.BooleanField(_("frozen"), default=False)

    class Meta:
        ordering = ["-as_of"]
        verbose_name = _("compliance snapshot")
        verbose_name_plural = _("compliance snapshots")

    def __str__(self):
        return f"{self.as_of}"

    @staticmethod
    def is_half_year_end(day) -> bool:
        return (day.month, day.day) in ((6, 30), (12, 31))


class ScopeKind(models.TextChoices):
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    UNIT = "unit", _("Supervising unit")


class SnapshotScope(models.Model):
    """The compliance document of one scope in a snapshot, stored apart so that a page loads
    only the scope it shows."""

    snapshot = models.ForeignKey(Snapshot, verbose_name=_("snapshot"), on_delete=models.CASCADE,
                                 related_name="scopes")
    kind = models.CharField(_("scope"), max_length=16, choices=ScopeKind.choices)
    key = models.CharField(_("township or unit code"), max_length=200, blank=True)
    document = models.JSONField(_("compliance document"))
    summary = models.JSONField(
        _("summary"), default=dict,
        help_text=_("Each target's value and state without the failing lists, for trends and drill-down."),
    )

    class Meta:
        ordering = ["snapshot", "kind", "key"]
        verbose_name = _("snapshot scope")
        verbose_name_plural = _("snapshot scopes")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "kind", "key"], name="snapshot_scope_unique"),
        ]

    def __str__(self):
        return f"{self.snapshot} {self.kind} {self.key}"
