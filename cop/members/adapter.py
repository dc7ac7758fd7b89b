"""django-allauth adapter: usernames derived from names, language remembered."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext as _

MAX_EMAIL_LENGTH = 254  # RFC 5321; longer addresses would be cut short when stored


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        if len(email) > MAX_EMAIL_LENGTH:
            raise forms.ValidationError(
                _("An e-mail address can have at most %(limit)d characters.") % {"limit": MAX_EMAIL_LENGTH}
            )
        return super().clean_email(email)

    def populate_username(self, request, user):
        # Profile URLs use the username; build a readable, unique one from the e-mail.
        if user.username:
            return
        base = slugify(user.email.split("@")[0])[:30] or "member"
        from .models import User

        candidate, n = base, 1
        while User.objects.filter(username=candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        user.username = candidate
