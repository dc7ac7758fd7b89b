"""Forms for writing in the forum, with clear translated errors.

Text is cleaned first (cop.core.text: no invisible or direction-changing characters) and lengths are counted after
stripping, so a post of spaces is empty and a title padded with spaces is not longer.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cop.core.text import MultiLineField, SingleLineField, clean_single_line

from .models import Flag

TITLE_MIN, TITLE_MAX = 5, 200
BODY_MIN, BODY_MAX = 2, 20000
MAX_TAGS, TAG_MAX = 5, 40

BODY_HELP = _("Markdown: **bold**, *italic*, [link](https://…), lists, > quotes. Mention members with @username.")


def _body_field():
    return MultiLineField(
        label=_("Text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
        error_messages={
            "required": _("Write the text of your post."),
            "max_length": _("The text is too long: at most %(limit_value)d characters (it has %(show_value)d)."),
        },
    )


def _title_field(required=True):
    return SingleLineField(
        label=_("Title"),
        max_length=TITLE_MAX,
        required=required,
        error_messages={
            "required": _("Give the topic a title."),
            "max_length": _("The title is too long: at most %(limit_value)d characters (it has %(show_value)d)."),
        },
    )


def _clean_title(title):
    if len(title) < TITLE_MIN:
        raise forms.ValidationError(_("The title needs at least 5 characters."))
    return title


class PostForm(forms.Form):
    body = _body_field()

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) < BODY_MIN:
            raise forms.ValidationError(_("Write at least a couple of characters."))
        return body


class TopicForm(PostForm):
    """A new topic. The category is a field only where the page does not already say it (a practice's discussion)."""

    title = _title_field()
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=250, help_text=_("Up to five, separated by commas."),
        error_messages={"max_length": _("Too many tags: up to five, separated by commas.")},
    )
    field_order = ["category", "title", "body", "tags"]

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:
            # Not required: without a choice the view uses the category it suggested.
            self.fields["category"] = forms.ModelChoiceField(
                label=_("Category"), queryset=categories, empty_label=None, required=False,
                error_messages={"invalid_choice": _("Choose one of the categories in the list.")},
            )
            self.order_fields(self.field_order)

    def clean_title(self):
        return _clean_title(self.cleaned_data["title"])

    def clean_tags(self):
        tags = [clean_single_line(t).lower() for t in self.cleaned_data.get("tags", "").split(",")]
        tags = [t for t in tags if t]
        tags = list(dict.fromkeys(tags))
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(count)d tags.") % {"count": MAX_TAGS})
        if any(len(t) > TAG_MAX for t in tags):
            raise forms.ValidationError(_("A tag can have at most 40 characters."))
        return tags


class EditForm(PostForm):
    """Editing a post; the topic's title too when it is the opening post."""

    def __init__(self, *args, edit_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if edit_title:
            self.fields["title"] = _title_field()
            self.order_fields(["title", "body"])

    def clean_title(self):
        return _clean_title(self.cleaned_data["title"])


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"), choices=Flag.Reason.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason."), "invalid_choice": _("Choose one of the reasons in the list.")},
    )
    note = MultiLineField(
        label=_("Details for the moderators (optional)"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
