"""The practice library's filters: a plain GET form; a broken parameter is dropped, never a 500.

The library page hands in its own practices and themes, so this module does not import the page models.
"""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CharField
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext, gettext_lazy as _

from cop.core import page_cache
from cop.places.fields import HromadaChoiceField, OblastChoiceField
from cop.places.models import Hromada

from .choices import PopulationBand
from .similar_places import likeness_for

SORTS = {"newest": ("-date", "-first_published_at", "title"), "title": ("title",)}
FLAG_TRUE = {"1", "on", "true"}
FLAG_FALSE = {"", "0", "off", "false"}


class FlagInput(forms.CheckboxInput):
    """A checkbox sending "1" that passes its raw value on, so that `like_mine=<nonsense>` is reported as ignored
    instead of counting as ticked (Django's checkbox takes any non-empty string for yes)."""

    def __init__(self, attrs=None):
        super().__init__({"value": "1", **(attrs or {})}, check_test=lambda value: value is True or str(value).lower() in FLAG_TRUE)

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class FlagField(forms.Field):
    widget = FlagInput

    def to_python(self, value):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in FLAG_TRUE:
            return True
        if text in FLAG_FALSE:
            return False
        raise ValidationError(_("Enter yes or no."), code="invalid")


class PracticeFilterForm(forms.Form):
    # queryset=None: each library offers its own themes (PracticeFilter sets them).
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None, to_field_name="slug", required=False, empty_label=_("All themes"))
    tag = forms.SlugField(label=_("Tag"), max_length=100, required=False, allow_unicode=True)
    oblast = OblastChoiceField(label=_("Oblast"), to_field_name="slug", required=False, empty_label=_("All oblasts"))
    hromada = HromadaChoiceField(label=_("Hromada"), to_field_name="slug", required=False, empty_label=_("All hromadas"))
    population = forms.ChoiceField(label=_("Population"), choices=[("", _("Any size"))] + PopulationBand.choices, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), choices=[("newest", _("newest first")), ("title", _("title"))], required=False)
    like_mine = FlagField(label=_("From hromadas like mine"), required=False)


class PracticeFilter:
    """Validates each parameter on its own, so one bad value does not discard the others."""

    def __init__(self, data, *, practices, themes, user=None, cache_name=None):
        """`practices` and `themes`: the library's own (page querysets); only the live, public ones are offered.
        `cache_name` (unique to the library) keeps the years and hromadas offered under the page cache's version."""
        self.form = PracticeFilterForm(data)
        # Only an approved member with a hromada has a "mine"; for anyone else the parameter means nothing, so the
        # field is dropped and `like_mine` is ignored without a notice.
        self.likeness = likeness_for(user) if user is not None else None
        if self.likeness is None:
            del self.form.fields["like_mine"]
        else:
            self.form.fields["like_mine"].help_text = gettext(
                "Hromadas of the same kind and a similar size as yours (%(place)s); those of your size and in your "
                "oblast come first."
            ) % {"place": self.likeness.describe() or self.likeness.hromada_name}
        # Only titles and slugs are shown: not the themes' StreamField bodies (2 ms for eight of them, decoded per page).
        self.form.fields["theme"].queryset = themes.live().public().defer("body", "intro").order_by("path")
        years, hromada_ids = self.choices(practices, cache_name)
        self.form.fields["year"].choices = [("", _("Any year"))] + [(year, year) for year in years]
        self.form.fields["hromada"].queryset = Hromada.objects.filter(pk__in=hromada_ids)
        self.form.is_valid()
        self.values = {name: value for name, value in self.form.cleaned_data.items() if name not in self.form.errors}
        self.ignored = sorted(self.form.errors)

    @staticmethod
    def choices(practices, cache_name=None):
        """([years, newest first], [hromada ids]) of the live public practices, the same for every reader: kept as
        a fragment of the page cache (members' pages are not cached whole), made again after any change."""

        def build():
            live = practices.live().public().order_by()
            # The years as text: QuerySet.dates() truncates every row's date with a Python function on SQLite (35 ms
            # for the 9,000 practices of the generated community, a few this way; issue #15).
            years = {int(year) for year in live.annotate(date_year=Substr(Cast("date", CharField()), 1, 4))
                     .values_list("date_year", flat=True).distinct() if year}
            hromadas = live.exclude(hromada=None).values_list("hromada", flat=True).distinct()
            return sorted(years, reverse=True), sorted(hromadas)

        return page_cache.remember(f"practice-filter:{cache_name}", build) if cache_name else build()

    def apply(self, queryset):
        v = self.values
        if v.get("theme"):
            queryset = queryset.filter(themes=v["theme"])
        if v.get("tag"):
            # A subquery, not a join: taggit does not stop a tag being attached twice at the database level.
            tagged = queryset.model.tags.through.objects.filter(tag__slug=v["tag"])
            queryset = queryset.filter(pk__in=tagged.values("content_object_id"))
        if v.get("oblast"):
            queryset = queryset.filter(oblast=v["oblast"])
        if v.get("hromada"):
            queryset = queryset.filter(hromada=v["hromada"])
        if v.get("population"):
            queryset = queryset.filter(population_band=v["population"])
        if v.get("year"):
            queryset = queryset.filter(date__year=v["year"])
        order = SORTS[v.get("sort") or "newest"]
        if v.get("like_mine") and self.likeness is not None:
            # The ranking signal only within this filter: the closest first, then the visitor's chosen order, so
            # the unfiltered library keeps its predictable order.
            queryset = self.likeness.with_closeness(queryset.filter(self.likeness.practice_condition()))
            order = ("-closeness", *order)
        # No DISTINCT: each filter takes one value and a page has a theme at most once (the tag is a subquery), so
        # nothing above can repeat a page, and a DISTINCT over every column of the page (StreamField body included) costs the
        # library index most of its time at scale (issue #15). A filter taking several values must use Exists().
        return queryset.order_by(*order)

    def querystring(self):
        """The valid filters as a query string, for pagination and feed links."""
        pairs = []
        for name, value in self.values.items():
            if value is None or value == "" or value is False:
                continue
            pairs.append((name, "1" if value is True else getattr(value, "slug", value)))
        return urlencode(pairs)

    @property
    def active_count(self):
        """How many filters narrow the list (the order is not one)."""
        return sum(
            not (value is None or value == "" or value is False) for name, value in self.values.items() if name != "sort"
        )

    @property
    def active(self):
        return self.active_count > 0
