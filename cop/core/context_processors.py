"""Values every template needs: the site name and the visitor's roles."""

from django.utils.translation import gettext as _

from cop.members import roles


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": _("Community of Practice"),
        "is_member": bool(user and roles.is_member(user)),
        "is_moderator": bool(user and roles.is_moderator(user)),
        "is_editor": bool(user and roles.is_editor(user)),
    }
