from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail across every register's change history, and its pruning."""

    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from . import checks  # noqa: F401  registers the system checks
