"""Read-only Wagtail API v2 for pages, documents and images: only what an anonymous visitor may see."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .privacy import restricted_collection_ids


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        # .public() drops pages under any view restriction, even for a member whose session could open them.
        return super().get_base_queryset().public()


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().exclude(collection__in=restricted_collection_ids())


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().exclude(collection__in=restricted_collection_ids())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
