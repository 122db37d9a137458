"""Queueing Celery tasks and using the shared cache when Redis may be down.

A write never fails because the task queue or the cache is unreachable: the data is saved, the
task is not queued, and the page that made the request says so (QueueFailureMessagesMiddleware).
Tasks are queued after the commit (ATOMIC_REQUESTS), that is after the view has returned, so the
failure is collected per request and turned into a message on the way out."""
import contextvars
import logging

from django.contrib import messages
from django.core.cache import cache

log = logging.getLogger(__name__)

_failures: contextvars.ContextVar[list | None] = contextvars.ContextVar("queue_failures", default=None)


def enqueue(task, *, args=(), kwargs=None, countdown=None, message=None, staff_only=False, on_failure=None) -> bool:
    """Send a task to the broker; on failure log it, call on_failure() and, within a request,
    show message (to county staff only when staff_only). Returns whether the task was sent.
    Tasks run eagerly (no broker) raise their own errors as usual: those are not queueing failures."""
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown)
    except Exception:  # the broker or the result store is unreachable: never fail the request
        if task.app.conf.task_always_eager:
            raise  # the task itself failed in-process: not a queueing failure
        log.exception("could not queue the task %s", task.name)
        if on_failure is not None:
            on_failure()
        failures = _failures.get()
        if failures is not None and message is not None:
            failures.append((message, staff_only))
        return False
    return True


def cache_call(method: str, *args, default=None, **kwargs):
    """cache.<method>(*args, **kwargs), or default when the cache (Redis) is unreachable."""
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception:
        log.warning("the cache is unreachable (%s)", method, exc_info=True)
        return default


class QueueFailureMessagesMiddleware:
    """Turn the tasks a request could not queue into warning messages. Sits after
    MessageMiddleware, so the messages are stored with the response (a redirect, usually)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        failures = []
        token = _failures.set(failures)
        try:
            response = self.get_response(request)
        finally:
            _failures.reset(token)
        shown = set()
        for message, staff_only in failures:
            # request.user is read only here: a request that queued nothing touches no session.
            if staff_only and not getattr(getattr(request, "user", None), "sees_whole_county", False):
                continue
            if str(message) in shown:
                continue
            shown.add(str(message))
            messages.warning(request, message, fail_silently=True)
        return response
