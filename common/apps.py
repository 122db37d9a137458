from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Pieces every app's pages share: scoped list/detail views and template helpers."""

    name = "common"
