"""Form fields that list places in the alphabetical order of the page's language, hromadas grouped by oblast."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import translation

from .models import Hromada, Oblast
from .sorting import uk_sort_key


class OblastChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Oblast.objects.all())
        super().__init__(**kwargs)


class GroupedHromadaIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for hromada in self.queryset.select_related("oblast"):
            groups.setdefault(hromada.oblast, []).append(hromada)
        # Names in the language being shown, sorted in it: the Ukrainian alphabet first on Ukrainian pages, the
        # Latin one first (then the names nobody has transliterated yet) on English pages.
        key = uk_sort_key if not (translation.get_language() or "").startswith("en") else str.casefold
        for oblast in sorted(groups, key=lambda o: (o.position, key(o.display_name))):
            members = sorted(groups[oblast], key=lambda h: key(h.display_name))
            yield (oblast.display_name, [self.choice(h) for h in members])

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class HromadaChoiceField(forms.ModelChoiceField):
    iterator = GroupedHromadaIterator

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Hromada.objects.select_related("oblast"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.display_name
