"""Values every template needs: the site name and the visitor's roles."""

from django.conf import settings

from cop.members import roles


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "is_member": bool(user and roles.is_member(user)),
        "is_moderator": bool(user and roles.is_moderator(user)),
        "is_editor": bool(user and roles.is_editor(user)),
    }
