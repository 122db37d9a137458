"""Hooks: the few places where a lower app must call into a higher one.

The apps are layers, from the ground up: common < organizations < accounts < members < targets
< register < reports < audit < demo. An app imports only the apps below it (import-linter checks
it in the test command). Where a lower app must set something off in a higher one, or ask it for
a figure only the higher one knows, it calls a ``Hook`` declared below its own level; the higher
app provides the implementation in its ``AppConfig.ready()``::

    # common/hooks.py (declared)          # targets/apps.py (provided)
    request_recompute = Hook(...)         hooks.request_recompute.provide(services.request_recompute)

    # organizations/services.py (called, visibly, by the service itself)
    request_recompute()

Every hook is declared in a ``hooks.py`` module: this one (hooks any app may call), then
``organizations/hooks.py`` and ``targets/hooks.py``. A hook with one provider (``many=False``)
returns that provider's answer and refuses a second provider; a hook with many providers calls
each in the order the apps are installed and returns their answers as a list.
"""
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured


class Hook:
    def __init__(self, name: str, doc: str, *, many: bool = False):
        self.name = name
        self.__doc__ = doc
        self.many = many
        self._providers: list[Callable] = []

    def __repr__(self):
        return f"<Hook {self.name}: {len(self._providers)} provider(s)>"

    def provide(self, function: Callable) -> Callable:
        """Register FUNCTION as (one of) the hook's implementation(s); usable as a decorator.
        Registering the same function again changes nothing (``ready()`` may run twice)."""
        if function in self._providers:
            return function
        if self._providers and not self.many:
            raise ImproperlyConfigured(f"the hook {self.name} already has a provider: {self._providers[0]!r}")
        self._providers.append(function)
        return function

    @property
    def provided(self) -> bool:
        return bool(self._providers)

    def __call__(self, *args, **kwargs):
        if self.many:
            return [provider(*args, **kwargs) for provider in self._providers]
        if not self._providers:
            raise ImproperlyConfigured(f"nothing provides the hook {self.name}: is the app that provides it "
                                       "in INSTALLED_APPS?")
        return self._providers[0](*args, **kwargs)


request_recompute = Hook(
    "request_recompute",
    """A register record was written: ask for one recompute of today's compliance figures after the
    transaction commits (a burst of edits asks once). Returns whether a task will be queued.
    Provided by targets (targets.services.request_recompute); every service that writes the
    register calls it.""",
)

target_parameters = Hook(
    "target_parameters",
    """target_parameters(code) -> dict: a plan target's parameters as an admin set them, every
    missing or broken one replaced by its default. Provided by targets (targets.registry); the
    organization list's size bands and an officer's load limit read it.""",
)

health_checks = Hook(
    "health_checks",
    """health_checks(*, database_ok) -> [(name, result)]: the checks an app adds to /health/ beside
    the database and the broker (common.health); each result is a dict with an "ok" key (True,
    False, or None when it does not apply), or None when the database is down (DATABASE_OK false)
    and the check cannot run. targets provides the age of the latest snapshot.""",
    many=True,
)
