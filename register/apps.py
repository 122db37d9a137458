from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    """The county register's exchange format: reading, checking, importing and exporting it,
    from the command line and through the web."""

    name = "register"
    verbose_name = _("County register")
