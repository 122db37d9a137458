from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Pieces every app's pages share: scoped list/detail views and template helpers."""

    name = "common"

    def ready(self):
        from . import checks  # noqa: F401  registers the system checks
