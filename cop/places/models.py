"""Oblasts and hromadas: the places practices and members belong to (Wagtail snippets)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Oblast(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    # Official order: the oblasts alphabetically, then Crimea and the two cities with special status.
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("position")]
    search_fields = [index.SearchField("name"), index.SearchField("name_en"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("oblast")
        verbose_name_plural = _("oblasts")

    def __str__(self):
        return self.display_name

    def localized_name(self, language):
        return self.name_en if (language or "")[:2] == "en" and self.name_en else self.name

    @property
    def display_name(self):
        """The name in the language being shown: the official English transliteration on English pages, when
        there is one, else the Ukrainian name (which templates mark with `lang="uk"`)."""
        return self.localized_name(translation.get_language())


class Hromada(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        URBAN = "urban", _("urban")
        SETTLEMENT = "settlement", _("settlement")
        RURAL = "rural", _("rural")

    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    oblast = models.ForeignKey(Oblast, on_delete=models.PROTECT, related_name="hromadas", verbose_name=_("oblast"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.URBAN)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("oblast"),
        FieldPanel("kind"),
        FieldPanel("population"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("name_en"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("hromada")
        verbose_name_plural = _("hromadas")
        constraints = [models.UniqueConstraint(fields=["oblast", "name"], name="unique_hromada_per_oblast")]

    def __str__(self):
        return f"{self.display_name} ({self.oblast.display_name})"

    def localized_name(self, language):
        return self.name_en if (language or "")[:2] == "en" and self.name_en else self.name

    @property
    def display_name(self):
        """See Oblast.display_name."""
        return self.localized_name(translation.get_language())
