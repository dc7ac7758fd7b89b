"""The practice library's filters: a plain GET form; a broken parameter is dropped, never a 500."""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from cop.places.fields import HromadaChoiceField, OblastChoiceField
from cop.places.models import Hromada

from .models import PopulationBand, PracticePage, ThemePage

SORTS = {"newest": ("-date", "-first_published_at", "title"), "title": ("title",)}


class PracticeFilterForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=ThemePage.objects.none(), to_field_name="slug", required=False, empty_label=_("All themes"))
    tag = forms.SlugField(label=_("Tag"), max_length=100, required=False, allow_unicode=True)
    oblast = OblastChoiceField(label=_("Oblast"), to_field_name="slug", required=False, empty_label=_("All oblasts"))
    hromada = HromadaChoiceField(label=_("Hromada"), to_field_name="slug", required=False, empty_label=_("All hromadas"))
    population = forms.ChoiceField(label=_("Population"), choices=[("", _("Any size"))] + PopulationBand.choices, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), choices=[("newest", _("newest first")), ("title", _("title"))], required=False)


class PracticeFilter:
    """Validates each parameter on its own, so one bad value does not discard the others."""

    def __init__(self, data, *, library):
        self.library = library
        self.form = PracticeFilterForm(data)
        self.form.fields["theme"].queryset = ThemePage.objects.child_of(library).live().public().order_by("path")
        years = (
            PracticePage.objects.child_of(library).live().public()
            .dates("date", "year", order="DESC")
        )
        self.form.fields["year"].choices = [("", _("Any year"))] + [(d.year, d.year) for d in years]
        hromada_ids = PracticePage.objects.child_of(library).live().public().exclude(hromada=None).values("hromada")
        self.form.fields["hromada"].queryset = Hromada.objects.filter(pk__in=hromada_ids)
        self.form.is_valid()
        self.values = {name: value for name, value in self.form.cleaned_data.items() if name not in self.form.errors}
        self.ignored = sorted(self.form.errors)

    def apply(self, queryset):
        v = self.values
        if v.get("theme"):
            queryset = queryset.filter(themes=v["theme"])
        if v.get("tag"):
            queryset = queryset.filter(tagged_items__tag__slug=v["tag"])
        if v.get("oblast"):
            queryset = queryset.filter(oblast=v["oblast"])
        if v.get("hromada"):
            queryset = queryset.filter(hromada=v["hromada"])
        if v.get("population"):
            queryset = queryset.filter(population_band=v["population"])
        if v.get("year"):
            queryset = queryset.filter(date__year=v["year"])
        return queryset.distinct().order_by(*SORTS[v.get("sort") or "newest"])

    def querystring(self):
        """The valid filters as a query string, for pagination and feed links."""
        pairs = []
        for name, value in self.values.items():
            if value in (None, ""):
                continue
            pairs.append((name, getattr(value, "slug", value)))
        return urlencode(pairs)

    @property
    def active(self):
        return any(value not in (None, "") for name, value in self.values.items() if name != "sort")
