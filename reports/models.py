"""Half-yearly reports each supervising unit files with the county committee."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.history import HistoricalRecords
from organizations.models import SupervisingUnit


class Half(models.IntegerChoices):
    H1 = 1, _("First half (January–June)")
    H2 = 2, _("Second half (July–December)")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class HalfYearReport(models.Model):
    """A unit's report on its two-new party-building work for one half-year."""

    unit = models.ForeignKey(
        SupervisingUnit, verbose_name=_("supervising unit"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half-year"), choices=Half.choices)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    figures = models.JSONField(_("figures at the period's end"), default=dict, blank=True)
    work_done = models.TextField(_("work done"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_plans = models.TextField(_("plans for the next half-year"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-half", "unit__code"]
        verbose_name = _("half-yearly report")
        verbose_name_plural = _("half-yearly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "half"],
                name="report_one_per_unit_and_period",
                violation_error_message=_("This unit already has a report for that half-year."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="report_submitted_has_date",
                violation_error_message=_("A report that has been submitted must have a submission date."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("reports:halfyearreport_detail", kwargs={"pk": self.pk})

    def __str__(self):
        return f"{self.unit.name} {self.year} {self.get_half_display()}"


class ReportVersion(models.Model):
    """What a unit submitted, kept as it was each time the report was submitted."""

    report = models.ForeignKey(HalfYearReport, verbose_name=_("report"), on_delete=models.CASCADE,
                               related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    work_done = models.TextField(_("work done"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_plans = models.TextField(_("plans for the next half-year"), blank=True)
    figures = models.JSONField(_("figures at the period's end"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number"),
        ]

    def __str__(self):
        return f"{self.report} v{self.number}"


class ReportAttachment(models.Model):
    """A file a unit attaches to its report (PDF, image, Word or Excel), checked when uploaded."""

    report = models.ForeignKey(HalfYearReport, verbose_name=_("report"), on_delete=models.CASCADE,
                               related_name="attachments")
    file = models.FileField(_("file"), upload_to="reports/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "uploaded_at", "id"]
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("reports:attachment_download", kwargs={"pk": self.report_id, "attachment_pk": self.pk})


class ReportSettings(models.Model):
    """The one row of settings of the report cycle that admins edit in Django admin."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    due_days = models.PositiveSmallIntegerField(
        _("days allowed after the period ends"), default=15,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_("A half-yearly report is due this many days after its half-year ends."),
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="report_settings_single_row"),
            models.CheckConstraint(condition=Q(due_days__gte=1, due_days__lte=180),
                                   name="report_settings_due_days_range"),
        ]

    def __str__(self):
        return str(_("Report settings"))


class ReminderLog(models.Model):
    """A reminder mailed to a secretary about a unit's report for a period: at most one a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")
    unit = models.ForeignKey(SupervisingUnit, verbose_name=_("supervising unit"), on_delete=models.CASCADE,
                             related_name="+")
    year = models.PositiveIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half-year"), choices=Half.choices)
    sent_on = models.DateField(_("sent on"))

    class Meta:
        ordering = ["-sent_on", "unit__code"]
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "year", "half", "sent_on"],
                                    name="reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.year}-{self.half} → {self.user_id} ({self.sent_on})"
