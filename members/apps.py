from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members, pipeline and officers")

    def ready(self):
        """Provide the hooks lower apps call (organizations/hooks.py)."""
        from organizations import hooks

        from . import asof, checks  # noqa: F401  checks registers the system checks

        hooks.coverage_condition.provide(asof.coverage_condition)
