from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Half, HalfYearReport
from .services.attachments import ATTACHMENT_ACCEPT, attachment_limit


class ReportOpenForm(forms.Form):
    """Choose the ended half-year whose report to open; the periods come through the constructor."""

    period = forms.ChoiceField(label=_("Half-year"))

    def __init__(self, *args, periods: list[tuple[int, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(f"{year}-{half}", f"{year} {Half(half).label}") for year, half in periods]

    def clean_period(self) -> tuple[int, int]:
        year, half = self.cleaned_data["period"].split("-")
        return int(year), int(half)


class ReportNarrativeForm(forms.ModelForm):
    class Meta:
        model = HalfYearReport
        fields = ("work_done", "problems", "next_plans")


class ReportSubmitForm(forms.Form):
    """Nothing to fill in: the submit button posts it."""


class ReportReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReportAttachmentForm(forms.Form):
    """A file attached to a report; the service checks its type and size."""

    file = forms.FileField(label=_("Attach a file"), widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, PNG, JPEG, Word or Excel; at most %(limit)s MB.") % {
            "limit": attachment_limit()}
