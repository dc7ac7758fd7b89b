"""Read-only Wagtail API v2 for pages, documents and images: only what an anonymous visitor may see, and a 400 with
a clear message for any parameter it cannot use."""

import re
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from rest_framework.fields import Field
from taggit.managers import TaggableManager
from wagtail import fields as wagtail_fields
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import ChildRelationField, PageSerializer, RichTextFieldSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .privacy import public_attachments, public_stream, restricted_collection_ids, unlink_restricted_documents

MAX_OFFSET = 1_000_000  # far beyond any listing here, and safe for every database's OFFSET
MAX_SEARCH_LENGTH = 500  # as for the site's own search
MAX_SEARCH_WORDS = 32  # a longer query only slows the full-text engine down
MAX_PARAMETER_LENGTH = 2000
SEARCH_WORD = re.compile(r"\w+")


# Serialisation: members-only documents and images are left out of every representation, whoever asks.


def _restricted(context):
    """Restricted collection ids, computed once per request (nested serializers share the context)."""
    if "restricted_collections" not in context:
        context["restricted_collections"] = set(restricted_collection_ids())
    return context["restricted_collections"]


class PublicChildRelationField(ChildRelationField):
    """Inline items such as event materials and resource downloads, without those linking to a restricted document."""

    def to_representation(self, value):
        serializer = self.serializer_class(context=self.context)
        return [serializer.to_representation(item) for item in public_attachments(value.all(), _restricted(self.context))]


class PublicStreamField(Field):
    """StreamField blocks, without those showing a restricted document or image, nor rich text links to one."""

    def to_representation(self, value):
        return value.stream_block.get_api_representation(public_stream(value, _restricted(self.context)), self.context)


class PublicRichTextField(RichTextFieldSerializer):
    def to_representation(self, value):
        return super().to_representation(unlink_restricted_documents(value, _restricted(self.context)))


class PublicPageSerializer(PageSerializer):
    serializer_field_mapping = PageSerializer.serializer_field_mapping | {
        wagtail_fields.StreamField: PublicStreamField,
        wagtail_fields.RichTextField: PublicRichTextField,
    }

    def build_relational_field(self, field_name, relation_info):
        field_class, field_kwargs = super().build_relational_field(field_name, relation_info)
        if field_class is ChildRelationField:
            field_class = PublicChildRelationField
        return field_class, field_kwargs


# Parameters: checked before Wagtail builds a queryset, so no value reaches the database that it cannot take.


def check_parameters(query):
    for name, values in query.lists():
        limit = MAX_SEARCH_LENGTH if name == "search" else MAX_PARAMETER_LENGTH
        for value in values:
            if "\x00" in name or "\x00" in value:
                # PostgreSQL cannot even compare a text with a NUL in it.
                raise BadRequestError(_("%(name)s: null characters are not allowed.") % {"name": name.replace("\x00", "")})
            if len(value) > limit:
                raise BadRequestError(_("%(name)s: use at most %(limit)d characters.") % {"name": name, "limit": limit})
    if "offset" in query:
        try:
            offset = int(query["offset"])
        except ValueError:
            offset = -1
        if not 0 <= offset <= MAX_OFFSET:
            raise BadRequestError(_("offset must be a whole number from 0 to %(limit)d.") % {"limit": MAX_OFFSET})
    if "search" in query and not SEARCH_WORD.search(query["search"]):
        raise BadRequestError(_("The query has no words to search for."))
    if query.get("search_operator", "and").lower() not in ("and", "or"):
        raise BadRequestError(_("search_operator must be “and” or “or”."))


def clean_filter_value(field, name, value):
    """The value of a field filter (?title=, ?date=, ?id=…) checked as the field would check it, or a 400."""
    if isinstance(field, (models.ForeignKey, models.OneToOneField)):
        field = field.target_field
    if isinstance(field, (models.JSONField, wagtail_fields.StreamField)):
        raise BadRequestError(_("cannot filter by %(name)s.") % {"name": name})
    if isinstance(field, (models.BooleanField, TaggableManager)) or not isinstance(field, models.Field):
        return  # Wagtail parses booleans and tags itself
    try:
        field.run_validators(field.to_python(value))
    except ValidationError as error:
        raise BadRequestError(f"{name}: {' '.join(error.messages)}") from None


class FieldsFilter(wagtail_filters.FieldsFilter):
    def filter_queryset(self, request, queryset, view):
        filterable = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        for name, value in request.GET.items():
            if name in filterable:
                try:
                    field = queryset.model._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                clean_filter_value(field, name, value)
        return super().filter_queryset(request, queryset, view)


class SearchFilter(wagtail_filters.SearchFilter):
    """Searches the words of ?search= only. Wagtail's database backend puts each term between double quotes for
    SQLite's full-text syntax without escaping a quote inside it, so `"` was an error (a 500); as plain words,
    whatever a person types can be searched, on every backend."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        query = request.GET.copy()
        query["search"] = " ".join(SEARCH_WORD.findall(query["search"])[:MAX_SEARCH_WORDS])
        return super().filter_queryset(SimpleNamespace(GET=query), queryset, view)


def _public_filters(backends):
    replacements = {wagtail_filters.FieldsFilter: FieldsFilter, wagtail_filters.SearchFilter: SearchFilter}
    return [replacements.get(backend, backend) for backend in backends]


class CheckedParametersMixin:
    """Checks every parameter before any view code runs, for the listing, detail and find views alike."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_parameters(request.GET)

    def find_object(self, queryset, request):
        if "id" in request.GET:
            clean_filter_value(queryset.model._meta.pk, "id", request.GET["id"])
        return super().find_object(queryset, request)


class PublicPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer
    filter_backends = _public_filters(PagesAPIViewSet.filter_backends)

    def get_base_queryset(self):
        # .public() drops pages under any view restriction, even for a member whose session could open them.
        return super().get_base_queryset().public()


class PublicDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    filter_backends = _public_filters(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return super().get_queryset().exclude(collection__in=restricted_collection_ids())


class PublicImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    filter_backends = _public_filters(ImagesAPIViewSet.filter_backends)

    def get_queryset(self):
        return super().get_queryset().exclude(collection__in=restricted_collection_ids())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
