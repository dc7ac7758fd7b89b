"""The practice library's fixed choices, in a module of their own so forms and filters need not import the page models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PopulationBand(models.TextChoices):
    LT10K = "lt10k", _("under 10,000")
    FROM10K = "10k_50k", _("10,000–50,000")
    FROM50K = "50k_100k", _("50,000–100,000")
    FROM100K = "100k_500k", _("100,000–500,000")
    GT500K = "gt500k", _("over 500,000")

    @classmethod
    def for_population(cls, population):
        if population is None:
            return ""
        for limit, band in ((10_000, cls.LT10K), (50_000, cls.FROM10K), (100_000, cls.FROM50K), (500_000, cls.FROM100K)):
            if population < limit:
                return band
        return cls.GT500K
