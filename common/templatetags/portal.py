"""Template helpers shared by every app's pages."""
import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _one(value):
    if hasattr(value, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # a moment as a person reads it: in the portal's time zone
    if isinstance(value, (datetime.date, datetime.datetime)):
        return formats.localize(value)
    return format_html("{}", value)


@register.filter
def show(value):
    """A record's value for people: yes/no, a dash for nothing, links to related records."""
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if value is None or value == "" or value == []:
        return mark_safe('<span class="text-muted">—</span>')
    if isinstance(value, (list, tuple)):
        return format_html_join("、", "{}", ((_one(v),) for v in value))
    return _one(value)
