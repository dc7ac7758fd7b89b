from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from knowledge.api import api_router

from cop.core import views as core_views
from cop.search import views as search_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    # Wagtail's own log-in forms would let in accounts whose e-mail is not confirmed and have no rate limit.
    path("admin/login/", core_views.login_redirect, name="wagtail_admin_login_redirect"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/search/", search_views.api_search, name="api_search"),
    path("api/search/suggest/", search_views.api_suggest, name="api_search_suggest"),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("members/", include("cop.members.urls")),
    path("forum/", include("forum.urls")),
    path("moderation/", include("curation.urls")),
    path("curation/", include("curation.share_urls")),
    path("search/", search_views.search_page, name="search"),
    path("search/", include("cop.search.urls")),
    path("_util/login/", core_views.login_redirect, name="wagtail_frontend_login_redirect"),
    path("", include("knowledge.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "cop.core.views.bad_request"
handler403 = "cop.core.views.permission_denied"
handler404 = "cop.core.views.page_not_found"
handler500 = "cop.core.views.server_error"
