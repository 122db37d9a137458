from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Half-yearly reports")

    def ready(self):
        """Provide the hooks the targets app calls (targets/hooks.py)."""
        from targets import hooks

        from . import selectors

        hooks.report_filed.provide(selectors.report_filed)
        hooks.overview_counts.provide(selectors.overview_counts)
        hooks.changed_since.provide(selectors.reports_changed_since)
