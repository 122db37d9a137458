"""Password rules beyond Django's own (AUTH_PASSWORD_VALIDATORS in config/settings/base.py)."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MSG_PASSWORD_CONTAINS_USERNAME = _("The password contains the username. Choose one without it.")
MSG_PASSWORD_CONTAINS_USERNAME_HELP = _("Your password can’t contain your username.")


class UsernameInPasswordValidator:
    """Refuse a password that contains the username, in any case: “sec-T04sec-T04” or “SEC-t04!2024”
    for sec-T04. Django's UserAttributeSimilarityValidator only refuses a password similar to the
    username as a whole, so the username twice passes it.

    It runs wherever Django validates a password with its user (the admin's add-user and
    change-password forms, a user's own password change, the password reset, add_user). A
    username shorter than MIN_LENGTH characters is not looked for: it would refuse half the
    passwords there are."""

    def __init__(self, min_length: int = 3):
        self.min_length = min_length

    def validate(self, password, user=None):
        username = user.get_username() if user is not None else ""
        if len(username or "") >= self.min_length and username.casefold() in str(password).casefold():
            raise ValidationError(MSG_PASSWORD_CONTAINS_USERNAME, code="password_contains_username")

    def get_help_text(self):
        return MSG_PASSWORD_CONTAINS_USERNAME_HELP
