"""Forms for sign-up, profile editing and membership decisions."""

from django import forms
from django.utils.translation import get_language, gettext_lazy as _
from wagtail.users.forms import UserCreationForm as WagtailBaseCreationForm, UserEditForm as WagtailBaseEditForm

from cop.core.text import MultiLineField, SingleLineField
from cop.places.fields import HromadaChoiceField, OblastChoiceField

from .models import User


class PlaceFieldsMixin:
    """Oblast and hromada choices, with a check that the hromada lies in the oblast."""

    def clean(self):
        cleaned = super().clean()
        oblast, hromada = cleaned.get("oblast"), cleaned.get("hromada")
        if hromada and oblast and hromada.oblast_id != oblast.pk:
            self.add_error("hromada", _("This hromada is not in the selected oblast."))
        if hromada and not oblast:
            cleaned["oblast"] = hromada.oblast
        return cleaned


class SignupForm(PlaceFieldsMixin, forms.Form):
    """Extra sign-up fields; django-allauth adds e-mail and password."""

    first_name = SingleLineField(label=_("First name"), max_length=150)
    last_name = SingleLineField(label=_("Last name"), max_length=150)
    position = SingleLineField(label=_("Position"), max_length=150, help_text=_("For example: head of the hromada, deputy, secretary of the council."))
    organisation = SingleLineField(label=_("Organisation"), max_length=200, help_text=_("Council, administration, ministry or NGO you work for."))
    oblast = OblastChoiceField(label=_("Oblast"), required=False, empty_label=_("— not tied to an oblast —"))
    hromada = HromadaChoiceField(label=_("Hromada"), required=False, empty_label=_("— none —"))
    motivation = MultiLineField(
        label=_("Why do you want to join?"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Browsers and password managers fill these in (allauth already marks e-mail and passwords).
    AUTOCOMPLETE = {
        "first_name": "given-name", "last_name": "family-name", "position": "organization-title",
        "organisation": "organization",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, token in self.AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def signup(self, request, user):
        data = self.cleaned_data
        user.first_name = data["first_name"]
        user.last_name = data["last_name"]
        user.position = data["position"]
        user.organisation = data["organisation"]
        user.oblast = data.get("oblast")
        user.hromada = data.get("hromada")
        user.bio = data.get("motivation", "")
        user.language = get_language() if get_language() in ("uk", "en") else "uk"
        user.membership_status = User.Status.PENDING
        user.save()


class ProfileForm(PlaceFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name", "last_name", "position", "organisation", "oblast", "hromada", "bio", "show_email", "language",
            "forum_email",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5}), "forum_email": forms.RadioSelect}
        help_texts = {"forum_email": _("E-mails about replies, mentions and moderation of your forum posts.")}
        field_classes = {
            "first_name": SingleLineField, "last_name": SingleLineField, "position": SingleLineField,
            "organisation": SingleLineField, "bio": MultiLineField, "oblast": OblastChoiceField,
            "hromada": HromadaChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        # A form that does not send the forum e-mail choice keeps the member's current one.
        self.fields["forum_email"].required = False

    def clean_forum_email(self):
        return self.cleaned_data.get("forum_email") or self.instance.forum_email


class DeclineForm(forms.Form):
    reason = MultiLineField(
        label=_("Reason (sent to the applicant)"), max_length=1000, required=True, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoleRemoveForm(forms.Form):
    """Taking a role away: the reason is e-mailed to the person; the checkbox stands for "are you sure?"."""

    reason = MultiLineField(
        label=_("Reason (sent to the person)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: it will be sent to the person.")},
    )
    confirm = forms.BooleanField(
        label=_("Yes, remove this role"),
        error_messages={"required": _("Confirm that you want to remove this role.")},
    )


class DirectoryFilterForm(forms.Form):
    q = SingleLineField(label=_("Name, position or organisation"), max_length=100, required=False)
    oblast = OblastChoiceField(label=_("Oblast"), required=False, empty_label=_("All oblasts"))


class WagtailUserEditForm(WagtailBaseEditForm):
    position = SingleLineField(label=_("Position"), max_length=150, required=False)
    organisation = SingleLineField(label=_("Organisation"), max_length=200, required=False)
    oblast = OblastChoiceField(label=_("Oblast"), required=False)
    hromada = HromadaChoiceField(label=_("Hromada"), required=False)


class WagtailUserCreationForm(WagtailBaseCreationForm):
    position = SingleLineField(label=_("Position"), max_length=150, required=False)
    organisation = SingleLineField(label=_("Organisation"), max_length=200, required=False)
    oblast = OblastChoiceField(label=_("Oblast"), required=False)
    hromada = HromadaChoiceField(label=_("Hromada"), required=False)
