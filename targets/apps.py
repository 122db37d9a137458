from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = _("Plan targets and compliance")

    def ready(self):
        """Provide the hooks lower apps call (common/hooks.py, organizations/hooks.py)."""
        from common import hooks as common_hooks
        from organizations import hooks as organization_hooks

        from . import health, registry, services
        from .ledger import organization_section

        common_hooks.request_recompute.provide(services.request_recompute)
        common_hooks.target_parameters.provide(registry.parameters_for)
        common_hooks.health_checks.provide(health.check_snapshot)
        organization_hooks.organization_sections.provide(organization_section)
