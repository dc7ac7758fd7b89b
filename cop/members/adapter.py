"""django-allauth adapter: usernames derived from names, language remembered."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.text import slugify


class AccountAdapter(DefaultAccountAdapter):
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
