"""Who may do what with submitted practices; views ask, they never decide.

A submission someone may not see answers 404 (its existence is not revealed); the author sees their own, and
moderators see all. Sharing needs an approved, unsuspended membership (cop.members.roles.can_post).
"""

from django.http import Http404
from django.utils.translation import gettext as _

from cop.members import roles


def can_share(user):
    return roles.can_post(user)


def can_see(user, submission):
    return user.is_authenticated and (submission.author_id == user.pk or roles.is_moderator(user))


def is_author(user, submission):
    return user.is_authenticated and submission.author_id == user.pk


def require_author(user, submission):
    """Only the author edits or withdraws: for anyone else, moderators included, it is not theirs (404)."""
    if not is_author(user, submission):
        raise Http404


def require_visible(user, submission):
    if not can_see(user, submission):
        raise Http404


def can_review(user):
    return roles.is_moderator(user)


def why_not_review(user, submission):
    if not roles.is_moderator(user):
        return _("Only moderators review practices.")
    if submission.author_id == user.pk:
        return _("You cannot review a practice you shared yourself: another moderator will.")
    return None
