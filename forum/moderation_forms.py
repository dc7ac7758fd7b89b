"""Forms of the moderators' tools: reasons, moving topics, suspensions and the audit log filter."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Category, ModerationLog

REASON_MAX = 500
SUSPENSION_MAX_DAYS = 365


def _reason_field(*, required, label):
    return forms.CharField(
        label=label, max_length=REASON_MAX, required=required, widget=forms.Textarea(attrs={"rows": 3})
    )


class HideForm(forms.Form):
    reason = _reason_field(required=True, label=_("Reason (shown to the author)"))


class ReasonForm(forms.Form):
    """An optional reason, for actions that need none (restore, lock, pin, dismiss)."""

    reason = _reason_field(required=False, label=_("Reason (optional)"))


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category):
        if category.is_members_only:
            return _("%(name)s (members only)") % {"name": category.name}
        return category.name


class MoveForm(forms.Form):
    category = CategoryChoiceField(label=_("Move to category"), queryset=Category.objects.all(), empty_label=None)
    reason = _reason_field(required=False, label=_("Reason (optional)"))

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].initial = topic.category_id


class SuspendForm(forms.Form):
    days = forms.IntegerField(
        label=_("Number of days"), min_value=1, max_value=SUSPENSION_MAX_DAYS, required=False,
        help_text=_("From 1 to 365 days. Or give the last day of the suspension below."),
    )
    until = forms.DateField(
        label=_("Suspended up to and including"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("A date in the next 365 days."),
    )
    reason = _reason_field(required=True, label=_("Reason"))

    def clean_until(self):
        until = self.cleaned_data.get("until")
        if until is None:
            return until
        today = timezone.localdate()
        if until < today:
            raise forms.ValidationError(_("The date must not be in the past."))
        if until > today + datetime.timedelta(days=SUSPENSION_MAX_DAYS):
            raise forms.ValidationError(_("A suspension lasts at most 365 days."))
        return until

    def clean(self):
        cleaned = super().clean()
        days, until = cleaned.get("days"), cleaned.get("until")
        if "days" in self.errors or "until" in self.errors:
            return cleaned
        if days is None and until is None:
            raise forms.ValidationError(_("Give either a number of days or a date."))
        if days is not None and until is not None:
            raise forms.ValidationError(_("Give either a number of days or a date, not both."))
        return cleaned

    def suspended_until(self):
        """The moment the suspension ends: after N days, or at the end of the chosen day (local time)."""
        days, until = self.cleaned_data["days"], self.cleaned_data["until"]
        if days is not None:
            return timezone.now() + datetime.timedelta(days=days)
        next_day = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min)
        return timezone.make_aware(next_day)


class LogFilterForm(forms.Form):
    """Filters of the audit log. Read from the query string; a field with a bad value is simply not applied."""

    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All actions"))] + ModerationLog.Action.choices)
    moderator = forms.ModelChoiceField(
        label=_("Moderator"), required=False, queryset=get_user_model().objects.none(), to_field_name="username",
        empty_label=_("All moderators"),
    )
    member = forms.CharField(
        label=_("Member"), required=False, max_length=150, help_text=_("User name, or part of the name or organisation."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone who has ever acted, so the log of a former moderator stays reachable.
        actors = ModerationLog.objects.filter(actor__isnull=False).values("actor")
        self.fields["moderator"].queryset = get_user_model().objects.filter(pk__in=actors).order_by("last_name", "first_name")

    def filter(self, entries):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("moderator"):
            entries = entries.filter(actor=data["moderator"])
        member = (data.get("member") or "").strip()
        if member:
            entries = entries.filter(Q(member__username=member) | Q(member__search_text__contains=member.casefold()))
        return entries
