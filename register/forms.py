from django import forms
from django.utils.translation import gettext_lazy as _

from .services import validate_register_upload


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Register file"),
        help_text=_("An Excel workbook (.xlsx) with the register's sheets, or a .zip of its CSV files."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.zip"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_register_upload(uploaded)
        return uploaded
