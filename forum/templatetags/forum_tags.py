"""Template access to forum.permissions, so templates ask the same rules as views instead of repeating them."""

from django import template

from ..permissions import forum_permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_can(context, action, obj=None):
    """{% forum_can "edit_post" post as can_edit %} asks ForumPermissions.can_edit_post(post) for this request."""
    permissions = forum_permissions(context["request"])
    check = getattr(permissions, f"can_{action}")
    return check() if obj is None else check(obj)
