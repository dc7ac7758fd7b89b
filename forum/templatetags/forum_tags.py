"""Forum template tags: access to forum.permissions (so templates ask the same rules as views instead of repeating
them), members' initials avatars and plain-text excerpts of posts."""

from django import template
from django.utils.html import format_html

from cop.search.text import html_text

from ..permissions import forum_permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_can(context, action, obj=None):
    """{% forum_can "edit_post" post as can_edit %} asks ForumPermissions.can_edit_post(post) for this request."""
    permissions = forum_permissions(context["request"])
    check = getattr(permissions, f"can_{action}")
    return check() if obj is None else check(obj)


# The avatar colours are classes .avatar-0 … .avatar-7 in static/css/site.css (CSP forbids inline styles); each
# keeps white initials at a contrast of at least 4.5:1.
AVATAR_COLOURS = 8


def initials(person):
    """The first letter of the first two words of a person's name: "Олена Петренко" → "ОП", "kolega" → "K"."""
    letters = [next((c for c in word if c.isalnum()), "") for word in person.display_name.split()[:2]]
    return "".join(letters).upper() or "?"


@register.simple_tag
def avatar(person, size=""):
    """{% avatar post.author %}: the person's initials on a colour chosen by their id, so it is the same on every
    page. Decorative: the name is always written beside it (or given as text), so screen readers skip it."""
    classes = f"avatar avatar-{person.pk % AVATAR_COLOURS}" + (f" avatar-{size}" if size else "")
    return format_html('<span class="{}" aria-hidden="true">{}</span>', classes, initials(person))


@register.filter
def excerpt(body_html, length=200):
    """The plain text of a post's HTML, cut at a word to about `length` characters (for a preview)."""
    length = int(length)
    text = html_text(body_html)  # blocks kept apart as sentences, as in search snippets
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(".,;:!?-–— ") + "…"
