"""Dates in one style per language, always inside <time datetime>: `{% date %}` absolute, `{% ago %}` relative.

The formats themselves live in cop/formats/<language>/formats.py, so `{{ value|date }}` follows the same style.
"""

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

register = template.Library()

RELATIVE_DAYS = 30  # from this age on, `ago` shows the date itself: "35 days ago" says less than "21 July 2020"


def _coerce(value):
    """A date, or a datetime in the site's time zone, from a date, a datetime or an ISO 8601 string (None if neither)."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value) if len(value) == 10 else parse_datetime(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return timezone.localtime(value)
    return value if isinstance(value, dt.date) else None


def _iso(value):
    # HTML's datetime allows at most three digits of a fraction of a second (the Nu checker rejects microseconds).
    return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value.isoformat()


def absolute(value, time=False):
    """"21 липня 2020" / "21 July 2020"; with `time` (for datetimes) "21 липня 2020, 10:05"."""
    value = _coerce(value)
    if value is None:
        return ""
    with_time = time and isinstance(value, dt.datetime)
    return formats.date_format(value, "DATETIME_FORMAT" if with_time else "DATE_FORMAT")


def relative(value, now=None):
    """"щойно", "5 хв тому", "3 год тому", "вчора", "3 дні тому", then the date itself (English alike)."""
    value = _coerce(value)
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        value = timezone.make_aware(dt.datetime.combine(value, dt.time.min))
    now = timezone.localtime(now or timezone.now())
    seconds = (now - value).total_seconds()
    if seconds < 0:
        return absolute(value, time=True)
    if seconds < 60:
        return gettext("just now")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return ngettext("%(count)d min ago", "%(count)d min ago", minutes) % {"count": minutes}
    if seconds < 86400:
        hours = int(seconds // 3600)
        return ngettext("%(count)d hour ago", "%(count)d hours ago", hours) % {"count": hours}
    days = max((now.date() - value.date()).days, 1)
    if days == 1:
        return gettext("yesterday")
    if days < RELATIVE_DAYS:
        return ngettext("%(count)d day ago", "%(count)d days ago", days) % {"count": days}
    return absolute(value)


@register.simple_tag(name="date")
def date_tag(value, time=False):
    """`{% date page.date %}` → <time datetime="2020-07-21">21 липня 2020</time>; `time=True` adds the hour."""
    value = _coerce(value)
    if value is None:
        return ""
    return format_html('<time datetime="{}">{}</time>', _iso(value), absolute(value, time))


@register.simple_tag
def ago(value, now=None):
    """`{% ago post.created_at %}` → <time datetime="…" title="21 липня 2020, 10:05">5 хв тому</time>."""
    value = _coerce(value)
    if value is None:
        return ""
    return format_html('<time datetime="{}" title="{}">{}</time>', _iso(value), absolute(value, time=True),
                       relative(value, now))
