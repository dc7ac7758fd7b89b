"""The form a member shares a practice with, and the moderators' review forms, with clear translated errors.

"Save draft" needs only a title; "Submit for review" needs what a practice page needs. Uploaded files are checked
by their content (curation.files) and each bad one is named in the errors; the good ones are kept by the view
even when the rest of the form is not valid.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from cop.core.text import MultiLineField, SingleLineField, clean_single_line
from cop.places.models import Hromada, Oblast
from knowledge.models import PopulationBand, PracticeContext, ThemePage

from . import files as submission_files

MAX_TAGS, TAG_MAX = 8, 40
MARKDOWN_HELP = _("Markdown: **bold**, *italic*, [link](https://…), lists, ## headings, > quotes.")


TOO_LONG = {"max_length": _("This is too long: at most %(limit_value)d characters (it has %(show_value)d).")}


def _lazy_format(message, **values):
    """A translated message with values, translated when shown (not at import)."""
    return lazy(lambda: str(message) % values, str)()


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the form (so every bad one is reported, not just the first)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        return [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]


class SubmissionForm(forms.Form):
    title = SingleLineField(
        label=_("Title"), max_length=200,
        error_messages={"required": _("Give the practice a title."), **TOO_LONG},
    )
    summary = MultiLineField(
        label=_("Summary"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in lists and search results."), error_messages=TOO_LONG,
    )
    body = MultiLineField(
        label=_("Description of the practice"), max_length=30000, required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKDOWN_HELP, error_messages=TOO_LONG,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=ThemePage.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose themes from the list."), "invalid_pk_value": _("Choose themes from the list.")},
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=400, help_text=_("Up to eight, separated by commas."),
        error_messages={"max_length": _("Too many tags: up to eight, separated by commas.")},
    )
    oblast = forms.ModelChoiceField(
        label=_("Oblast"), queryset=Oblast.objects.all(), required=False, empty_label="—",
        error_messages={"invalid_choice": _("Choose an oblast from the list.")},
    )
    hromada = forms.ModelChoiceField(
        label=_("Hromada"), queryset=Hromada.objects.select_related("oblast"), required=False, empty_label="—",
        error_messages={"invalid_choice": _("Choose a hromada from the list.")},
    )
    population_band = forms.ChoiceField(
        label=_("Population of the hromada"), choices=[("", "—"), *PopulationBand.choices], required=False,
        help_text=_("Filled in from the hromada's population when left empty."),
        error_messages={"invalid_choice": _("Choose a population band from the list.")},
    )
    period_start = forms.DateField(
        label=_("Started"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date like 2024-03-01.")},
    )
    period_end = forms.DateField(
        label=_("Ended"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if the practice is ongoing."), error_messages={"invalid": _("Enter a date like 2024-03-01.")},
    )
    context = forms.ChoiceField(
        label=_("Context"), choices=PracticeContext.choices, initial=PracticeContext.REGULAR,
        error_messages={"invalid_choice": _("Choose a context from the list."), "required": _("Choose a context.")},
    )
    outcomes = MultiLineField(
        label=_("Outcomes and evidence"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP, error_messages=TOO_LONG,
    )
    contact_name = SingleLineField(label=_("Contact person"), max_length=150, required=False, error_messages=TOO_LONG)
    contact_role = SingleLineField(
        label=_("Contact person's position"), max_length=150, required=False, error_messages=TOO_LONG,
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail"), required=False, max_length=254,
        error_messages={"invalid": _("Enter a valid e-mail address."), **TOO_LONG},
    )
    documents = MultipleFileField(
        label=_("Documents"), help_text=_lazy_format(
            _("PDF, DOCX, ODT, XLSX or ODS, up to %(size)d MB each."), size=submission_files.MAX_DOCUMENT_SIZE // (1024 * 1024)),
    )
    images = MultipleFileField(
        label=_("Images"), help_text=_lazy_format(
            _("PNG or JPEG, up to %(size)d MB each. Location and camera data are removed."),
            size=submission_files.MAX_IMAGE_SIZE // (1024 * 1024)),
    )

    def __init__(self, *args, submitting=False, library=None, attached_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.attached_count = attached_count
        self.checked_uploads = []  # (Checked, original name, is_image) for each good file, kept even if invalid
        themes = ThemePage.objects.live().public().order_by("path")
        self.fields["themes"].queryset = themes.child_of(library) if library is not None else themes
        self.fields["documents"].widget.attrs["accept"] = ".pdf,.docx,.odt,.xlsx,.ods"
        self.fields["images"].widget.attrs["accept"] = "image/png,image/jpeg"

    def _check_files(self, name, check, is_image):
        errors = []
        for upload in self.cleaned_data.get(name) or []:
            try:
                self.checked_uploads.append((check(upload), upload.name, is_image))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return self.cleaned_data.get(name) or []

    def clean_documents(self):
        return self._check_files("documents", submission_files.check_document, False)

    def clean_images(self):
        return self._check_files("images", submission_files.check_image, True)

    def clean_tags(self):
        tags = [clean_single_line(t).lower() for t in self.cleaned_data.get("tags", "").split(",")]
        tags = list(dict.fromkeys(t for t in tags if t))
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(count)d tags.") % {"count": MAX_TAGS})
        if any(len(t) > TAG_MAX for t in tags):
            raise forms.ValidationError(_("A tag can have at most 40 characters."))
        return tags

    def clean(self):
        data = super().clean()
        if self.submitting:
            if not data.get("summary") and "summary" not in self.errors:
                self.add_error("summary", _("Write a short summary before you submit the practice."))
            if len(data.get("body") or "") < 20 and "body" not in self.errors:
                self.add_error("body", _("Describe the practice (at least 20 characters) before you submit it."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end date cannot be before the start date."))
        hromada, oblast = data.get("hromada"), data.get("oblast")
        if hromada and oblast and hromada.oblast_id != oblast.pk:
            self.add_error("hromada", _("This hromada is not in the selected oblast."))
        new_files = len(self.checked_uploads)
        if self.attached_count + new_files > submission_files.MAX_FILES:
            self.add_error(None, _("A practice can have at most %(count)d files.") % {"count": submission_files.MAX_FILES})
        return data


class CommentForm(forms.Form):
    comment = MultiLineField(
        label=_("What should the author change?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tell the author what to change."), **TOO_LONG},
    )


class RejectForm(forms.Form):
    reason = MultiLineField(
        label=_("Why is the practice not accepted?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the author a reason."), **TOO_LONG},
    )


class ApproveForm(forms.Form):
    comment = MultiLineField(label=_("Comment (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
