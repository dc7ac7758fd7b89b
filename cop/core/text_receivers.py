"""Every save of a registered model stores its text cleaned by cop.core.text, whatever the code path (our forms, the
Wagtail and Django admins, the importer, the shell); the Wagtail admin's forms clean the same fields first, so
a title of invisible characters only is a "required" error there rather than a failed save."""

from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from taggit.managers import TaggableManager
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.forms.tags import TagField
from wagtail.models import Revision

from .text import SingleLineField, clean_multi_line, clean_single_line

# Model label: (single-line fields, multi-line fields). Subclasses are covered too (every Wagtail page type).
# Usernames are left out: every form validates them to letters, digits and @.+-_, and renaming a login silently
# would be worse than the risk. Apps add their own models with register() from their AppConfig.ready().
TEXT_FIELDS = {
    "wagtailcore.Page": (("title", "draft_title", "seo_title"), ("search_description",)),
    "wagtailimages.Image": (("title",), ()),
    "wagtaildocs.Document": (("title",), ()),
    "taggit.Tag": (("name", "slug"), ()),
    "places.Oblast": (("name", "name_en"), ()),
    "places.Hromada": (("name", "name_en"), ()),
    "members.User": (
        ("first_name", "last_name", "position", "organisation", "suspension_reason", "official_verified_as"),
        ("bio", "membership_note"),
    ),
}


def register(label, *, single=(), multi=()):
    """Clean these fields of the model `label` ("app.Model") on every save; call from an AppConfig.ready()."""
    known_single, known_multi = TEXT_FIELDS.get(label, ((), ()))
    TEXT_FIELDS[label] = (tuple(dict.fromkeys((*known_single, *single))), tuple(dict.fromkeys((*known_multi, *multi))))
    _registered.cache_clear()
    text_fields.cache_clear()


@cache
def _registered():
    resolved = []
    for label, (single, multi) in TEXT_FIELDS.items():
        model = apps.get_model(label)
        for name in (*single, *multi):
            model._meta.get_field(name)  # a renamed field must fail loudly, not stop being cleaned
        resolved.append((model, single, multi))
    return resolved


@cache
def text_fields(model):
    """(single-line, multi-line) field names registered for this model or any model it inherits from."""
    single, multi = [], []
    for registered, s, m in _registered():
        if issubclass(model, registered):
            single += s
            multi += m
    return tuple(single), tuple(multi)


def _clean_instance(sender, instance, raw=False, update_fields=None, **kwargs):
    single, multi = text_fields(sender)
    if not single and not multi:
        return
    emptied = {}
    for names, clean in ((single, clean_single_line), (multi, clean_multi_line)):
        for name in names:
            if update_fields is not None and name not in update_fields:
                continue
            value = getattr(instance, name)
            if not isinstance(value, str):
                continue
            cleaned = clean(value)
            field = instance._meta.get_field(name)
            if value and not cleaned and not field.blank and not raw:
                emptied[name] = [field.error_messages["blank"]]
            setattr(instance, name, cleaned)
    if emptied:
        # Only invisible characters were given for a required field: refuse as validation would have.
        raise ValidationError(emptied)


def _clean_revision(sender, instance, raw=False, **kwargs):
    """A Wagtail revision stores a serialised copy of the object (the draft): clean it like the object itself."""
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class() if instance.content_type_id else None
    if model is None:
        return
    single, multi = text_fields(model)
    content = instance.content if isinstance(instance.content, dict) else {}
    for names, clean in ((single, clean_single_line), (multi, clean_multi_line)):
        for name in names:
            if isinstance(content.get(name), str):
                content[name] = clean(content[name])
    if single and isinstance(instance.object_str, str):
        instance.object_str = clean_single_line(instance.object_str)


class SingleLineTagField(TagField):
    """Wagtail's tag field, cleaning the typed tags before taggit looks them up: a tag typed with a zero-width
    space must find the stored tag, not try to create it a second time."""

    def clean(self, value):
        return super().clean(clean_single_line(value) if isinstance(value, str) else value)


def _single_line_form_field(db_field):
    model = getattr(db_field, "model", None)
    if model is None or db_field.name not in text_fields(model)[0]:
        return {}
    return {"form_class": SingleLineField}


def connect():
    """Called from CoreConfig.ready()."""
    # No sender: Wagtail page types and other subclasses are covered without listing them; text_fields() is cached
    # per class, so other models pay one dictionary lookup per save.
    pre_save.connect(_clean_instance, dispatch_uid="cop.core.text.clean_instance")
    pre_save.connect(_clean_revision, sender=Revision, dispatch_uid="cop.core.text.clean_revision")
    # The Wagtail admin's forms (pages, snippets, images, documents): registered fields only, so passwords, paths
    # and the like keep their spaces.
    register_form_field_override(models.CharField, override=_single_line_form_field, exact_class=True)
    register_form_field_override(
        TaggableManager, override=lambda db_field: {"form_class": SingleLineTagField, "tag_model": db_field.related_model}
    )
