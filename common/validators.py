"""Validators shared by the apps' models."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MSG_KEY_CHARACTERS = _("A code or ID cannot contain “/” or invisible control characters: it is part of web addresses.")
KEY_FORBIDDEN = re.compile(r"[/\x00-\x1f\x7f]")


def validate_key(value) -> None:
    """A record's code or ID appears in its address (/members/<member_id>/): refuse what breaks it.
    On the model field, so forms, services (full_clean) and Django admin all refuse it; the
    register import, which writes in bulk, checks KEY_FORBIDDEN itself."""
    if value and KEY_FORBIDDEN.search(str(value)):
        raise ValidationError(MSG_KEY_CHARACTERS, code="key_characters")
