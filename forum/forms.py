"""Forms for writing in the forum, with clear translated errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Flag

MAX_TAGS = 5


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italic*, [link](https://…), lists, > quotes. Mention members with @username."),
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 2:
            raise forms.ValidationError(_("Write at least a couple of characters."))
        return body


class TopicForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    tags = forms.CharField(label=_("Tags"), required=False, max_length=250, help_text=_("Up to five, separated by commas."))
    field_order = ["title", "body", "tags"]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise forms.ValidationError(_("The title needs at least 5 characters."))
        return title

    def clean_tags(self):
        tags = [t.strip().lower() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]
        tags = list(dict.fromkeys(tags))
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(count)d tags.") % {"count": MAX_TAGS})
        if any(len(t) > 40 for t in tags):
            raise forms.ValidationError(_("A tag can have at most 40 characters."))
        return tags


class EditForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    def __init__(self, *args, edit_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not edit_title:
            del self.fields["title"]
        else:
            self.fields["title"].required = True
            self.order_fields(["title", "body"])

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise forms.ValidationError(_("The title needs at least 5 characters."))
        return title


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with this post?"), choices=Flag.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Details for the moderators (optional)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
