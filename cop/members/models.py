"""Members of the community: officials and experts whose membership moderators approve."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cop.core.text import clean_single_line

# Names of the role groups, created by a migration.
MEMBER_GROUP = "Member"
MODERATOR_GROUP = "Moderator"
EDITOR_GROUP = "Editor"


class User(AbstractUser):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending approval")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")
        REVOKED = "revoked", _("membership revoked")

    email = models.EmailField(_("e-mail address"), unique=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    oblast = models.ForeignKey(
        "places.Oblast", on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("oblast")
    )
    hromada = models.ForeignKey(
        "places.Hromada", on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("hromada")
    )
    bio = models.TextField(_("about me"), max_length=2000, blank=True)
    show_email = models.BooleanField(_("show my e-mail to other members"), default=False)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=[("uk", "Українська"), ("en", "English")], default="uk"
    )

    membership_status = models.CharField(
        _("membership status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    membership_requested_at = models.DateTimeField(_("membership requested"), auto_now_add=True)
    membership_decided_at = models.DateTimeField(_("membership decided"), null=True, blank=True)
    membership_decided_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    membership_note = models.TextField(_("reason given to the applicant"), max_length=1000, blank=True)

    # Forum: suspension by a moderator and how the member wants to hear about activity.
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.CharField(_("reason for suspension"), max_length=500, blank=True)

    class EmailFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("immediately")
        DAILY = "daily", _("daily digest")
        NEVER = "never", _("never")

    forum_email = models.CharField(
        _("forum e-mails"), max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATE
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    # "Verified official": a moderator checked the position and organisation at approval (members.services).
    # What was checked is kept as text, so the mark shows it without a query and a later profile edit cannot
    # change what the moderator vouched for.
    official_verified_at = models.DateTimeField(_("verified as an official"), null=True, blank=True, editable=False)
    official_verified_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("verified by"),
    )
    official_verified_as = models.CharField(_("verified as an official of"), max_length=200, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["last_name", "first_name", "username"]
        permissions = [
            ("moderate_membership", _("Can approve or decline membership requests")),
            ("view_directory", _("Can browse the member directory")),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # allauth compares lower-cased addresses; accounts made elsewhere (Wagtail admin, createsuperuser) must match.
        self.email = (self.email or "").strip().lower()
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"email", "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self):
        # Built before the pre_save receiver cleans the names (cop.core.text_receivers), so clean them here too.
        parts = [self.first_name, self.last_name, self.position, self.organisation]
        return " ".join(filter(None, map(clean_single_line, parts))).casefold()

    @property
    def display_name(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("members:profile", kwargs={"username": self.username})

    @property
    def is_pending(self):
        return self.membership_status == self.Status.PENDING

    @property
    def is_suspended(self):
        from django.utils import timezone

        return bool(self.suspended_until and self.suspended_until > timezone.now())

    @property
    def verified_official_mark(self):
        """What the "verified official — …" mark says, or "" when it must not show (never verified, withdrawn, or
        the member is suspended or no longer approved)."""
        if not self.official_verified_at or not self.is_approved_member or self.is_suspended:
            return ""
        return self.official_verified_as or self.organisation or "—"

    @property
    def is_approved_member(self):
        return self.is_active and self.membership_status == self.Status.APPROVED
