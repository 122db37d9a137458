"""System checks of the audit app."""
from django.conf import settings
from django.core import checks

from .services import retention_error

E001 = "audit.E001"


@checks.register()
def check_history_retention(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """HISTORY_RETENTION_DAYS keeps the registers' history at least six months."""
    error = retention_error(settings.HISTORY_RETENTION_DAYS)
    if error:
        return [checks.Error(error, hint="Set HISTORY_RETENTION_DAYS to 183 or more.", id=E001)]
    return []
