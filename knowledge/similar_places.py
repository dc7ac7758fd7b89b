"""Which hromadas are "like" a member's own, the rule behind "practices from hromadas like yours".

The rule, kept small so it can be explained in one sentence on the page:

* a hromada is like yours when it is of the same kind (urban, settlement or rural) and its population falls in the
  same population band as yours or in a neighbouring one (the bands of the library's population filter:
  under 10,000, 10,000–50,000, 50,000–100,000, 100,000–500,000, over 500,000);
* if your hromada's population is not known, the kind alone decides;
* among those, practices from your own population band and from your oblast are the closest (one point each; the
  band counts double, because the size of a hromada shapes its practice more than where it is).

A practice's band is its `population_band` (an editor's choice, or derived from its hromada's population), and its
kind is that of its hromada: a practice without a hromada is never "like yours", since its kind is unknown.

Neighbouring oblasts are not part of the rule: the places data (cop/places/migrations/0002_oblasts.py) lists the
oblasts without their borders, and the rule uses only what the data can support.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from cop.places.models import Hromada

from .choices import PopulationBand

# Smallest to largest, so that a band's neighbours are the ones beside it.
BAND_ORDER = [PopulationBand.LT10K, PopulationBand.FROM10K, PopulationBand.FROM50K, PopulationBand.FROM100K, PopulationBand.GT500K]
SAME_BAND_POINTS = 2
SAME_OBLAST_POINTS = 1


def neighbouring_bands(band):
    """The band itself and the ones directly smaller and larger; empty for an unknown band."""
    if band not in BAND_ORDER:
        return ()
    position = BAND_ORDER.index(band)
    return tuple(BAND_ORDER[max(position - 1, 0): position + 2])


@dataclass(frozen=True)
class Likeness:
    """What "like this hromada" means for one hromada."""

    kind: str
    band: str
    oblast_id: int | None
    hromada_name: str = ""

    @classmethod
    def of(cls, hromada):
        if hromada is None:
            return None
        return cls(
            kind=hromada.kind, band=PopulationBand.for_population(hromada.population), oblast_id=hromada.oblast_id,
            hromada_name=hromada.display_name,
        )

    @property
    def bands(self):
        return neighbouring_bands(self.band)

    def is_like(self, *, kind, band):
        """The rule for one other place, given its kind and population band."""
        if kind != self.kind:
            return False
        return not self.bands or band in self.bands

    def closeness(self, *, band, oblast_id):
        """How close a place that is already "like" this one is: higher is closer."""
        points = SAME_BAND_POINTS if self.band and band == self.band else 0
        return points + (SAME_OBLAST_POINTS if self.oblast_id and oblast_id == self.oblast_id else 0)

    def practice_condition(self):
        """The rule as a condition on practices."""
        condition = Q(hromada__kind=self.kind)
        if self.bands:
            condition &= Q(population_band__in=self.bands)
        return condition

    def with_closeness(self, practices):
        """Practices annotated with `closeness` (the same points as `closeness()`), computed in the database."""
        points = Value(0, output_field=IntegerField())
        if self.band:
            points = points + Case(When(population_band=self.band, then=Value(SAME_BAND_POINTS)), default=Value(0))
        if self.oblast_id:
            points = points + Case(When(oblast_id=self.oblast_id, then=Value(SAME_OBLAST_POINTS)), default=Value(0))
        return practices.annotate(closeness=points)

    def describe(self):
        """This hromada's kind and size in words, e.g. "rural hromada, under 10,000 people"."""
        return describe_place(self.kind, self.band)

    def reason_for(self, practice):
        """Why a practice counts as from a hromada like this one: its hromada's kind and size, and the oblast if
        shared."""
        reason = describe_place(practice.hromada.kind if practice.hromada_id else "", practice.population_band)
        if self.oblast_id and practice.oblast_id == self.oblast_id:
            reason = _("%(place)s, in your oblast") % {"place": reason}
        return reason


def describe_place(kind, band):
    kind_label = Hromada.Kind(kind).label if kind in Hromada.Kind.values else ""
    band_label = PopulationBand(band).label if band in PopulationBand.values else ""
    if kind_label and band_label:
        return _("%(kind)s hromada, %(band)s people") % {"kind": kind_label, "band": band_label}
    if kind_label:
        return _("%(kind)s hromada") % {"kind": kind_label}
    return ""


def likeness_for(user):
    """The likeness of an approved member's hromada; None for anyone else (anonymous visitors, pending applicants,
    members without a hromada), for whom "like mine" means nothing."""
    from cop.members.roles import is_member

    if not is_member(user) or not user.hromada_id:
        return None
    return Likeness.of(user.hromada)
