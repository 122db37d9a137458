from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The ground every app stands on: generic scoped views, queueing, exports, validators, the
    model-update helper and the hooks through which a lower app calls a higher one."""

    name = "common"
