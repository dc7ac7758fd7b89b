"""Moderators' pages for curating tags (curation.tags does the work): the list, a tag's page, the merge."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from taggit.models import Tag

from cop.core.text import clean_multi_line, clean_single_line
from cop.members import roles
from cop.members.views import role_required
from knowledge.models import TagDescription

from . import tags as tag_services


class TagEditForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=tag_services.NAME_MAX)
    description = forms.CharField(
        label=gettext_lazy("Description"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown where the tag is listed: what it covers, in a sentence or two."),
    )
    name_en = forms.CharField(
        label=gettext_lazy("Name in English"), max_length=tag_services.NAME_MAX, required=False,
        help_text=gettext_lazy("Shown on English pages instead of the Ukrainian name, e.g. “participatory budget”."),
    )
    description_en = forms.CharField(
        label=gettext_lazy("Description in English"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(label=gettext_lazy("Reason (for the audit log)"), max_length=500, required=False)

    def clean_name_en(self):
        name = clean_single_line(self.cleaned_data["name_en"]).lower()
        if any(character in name for character in ',"'):
            raise forms.ValidationError(_("A tag name cannot contain commas or quotation marks."))
        return name

    def clean_description_en(self):
        return clean_multi_line(self.cleaned_data["description_en"])

    def clean_name(self):
        name = clean_single_line(self.cleaned_data["name"]).lower()
        if not name:
            raise forms.ValidationError(_("Enter a name."))
        if any(character in name for character in ',"'):
            raise forms.ValidationError(_("A tag name cannot contain commas or quotation marks."))
        return name

    def clean_description(self):
        return clean_multi_line(self.cleaned_data["description"])


class TagMergeForm(forms.Form):
    into = forms.CharField(label=gettext_lazy("Merge into the tag"), max_length=100,
                           help_text=gettext_lazy("The name of the tag that stays."))
    reason = forms.CharField(label=gettext_lazy("Reason (for the audit log)"), max_length=500, required=False)

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source

    def clean_into(self):
        name = clean_single_line(self.cleaned_data["into"]).lower()
        target = Tag.objects.filter(name__iexact=name).first() or Tag.objects.filter(slug=name).first()
        if target is None:
            raise forms.ValidationError(_("There is no tag with this name."))
        if target.pk == self.source.pk:
            raise forms.ValidationError(_("A tag cannot be merged into itself."))
        return target


def _usage(tags):
    """How many things carry each tag, one subquery per kind of tagged thing (no join explosion)."""
    total = None
    for model in tag_services.tagged_item_models():
        counted = model.objects.filter(tag=OuterRef("pk")).order_by().values("tag").annotate(n=Count("pk")).values("n")
        term = Coalesce(Subquery(counted, output_field=IntegerField()), 0)
        total = term if total is None else total + term
    return tags.annotate(usage=total) if total is not None else tags


@role_required(roles.is_moderator)
def tag_list(request):
    q = clean_single_line(request.GET.get("q", ""))[:100].lower()
    tags = Tag.objects.all()
    if q:
        tags = tags.filter(name__contains=q)
    tags = _usage(tags.select_related("description")).order_by("name", "pk")
    page = Paginator(tags, 50).get_page(request.GET.get("page"))
    return render(request, "curation/tags_list.html", {"page": page, "q": q, "query": f"q={q}" if q else ""})


def _edit_page(request, tag, *, form=None, merge_form=None, status=200):
    description = TagDescription.objects.filter(tag=tag).first()
    form = form or TagEditForm(initial={
        "name": tag.name, "description": description.text if description else "",
        "name_en": description.name_en if description else "", "description_en": description.text_en if description else "",
    })
    merge_form = merge_form or TagMergeForm(source=tag)
    context = {"tag": tag, "form": form, "merge_form": merge_form, "redirects": tag.redirects.order_by("old_slug")}
    return render(request, "curation/tags_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(roles.is_moderator)
def tag_edit(request, pk):
    tag = get_object_or_404(Tag, pk=pk)
    if request.method != "POST":
        return _edit_page(request, tag)
    form = TagEditForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, tag, form=form, status=400)
    try:
        renamed = tag_services.tag_rename(tag=tag, name=form.cleaned_data["name"], moderator=request.user,
                                          reason=form.cleaned_data["reason"])
    except tag_services.TagError as refusal:
        form.add_error("name", str(refusal))
        return _edit_page(request, tag, form=form, status=400)
    tag.refresh_from_db()
    described = tag_services.tag_describe(tag=tag, text=form.cleaned_data["description"], moderator=request.user,
                                          name_en=form.cleaned_data["name_en"],
                                          text_en=form.cleaned_data["description_en"])
    if renamed or described:
        messages.success(request, _("The tag “%(name)s” has been saved.") % {"name": tag.name})
    return redirect("curation:tag_edit", pk=tag.pk)


@require_POST
@role_required(roles.is_moderator)
def tag_merge(request, pk):
    source = get_object_or_404(Tag, pk=pk)
    merge_form = TagMergeForm(request.POST, source=source)
    if not merge_form.is_valid():
        return _edit_page(request, source, merge_form=merge_form, status=400)
    target = merge_form.cleaned_data["into"]
    moved = tag_services.tag_merge(source=source, target=target, moderator=request.user,
                                   reason=merge_form.cleaned_data["reason"])
    messages.success(request, _("“%(source)s” was merged into “%(target)s” (%(count)s tagged items moved).") % {
        "source": source.name, "target": target.name, "count": moved})
    return redirect("curation:tag_edit", pk=target.pk)
