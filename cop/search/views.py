"""The search page and the JSON API: thin views over cop.search.service."""

import logging

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from . import registry, service
from .backends import SearchUnavailable

logger = logging.getLogger(__name__)

TYPE_LABELS = {
    "practice": gettext_lazy("Practices"),
    "resource": gettext_lazy("Resources"),
    "event": gettext_lazy("Events"),
    "topic": gettext_lazy("Forum topics"),
    "post": gettext_lazy("Forum replies"),
}


def unavailable_message():
    return _("Search is temporarily unavailable. Please try again in a few minutes; nothing you saved is lost.")


def facet_labels(facets):
    """Human names for facet values in the current language: translated types, oblast names, and what the apps
    that fill other facets register (theme titles)."""
    from cop.places.models import Oblast

    english = (get_language() or "uk").startswith("en")
    labels = {"type": {value: str(TYPE_LABELS.get(value, value)) for value in facets.get("type", {})}}
    labels["theme"] = registry.facet_labels("theme", list(facets.get("theme", {})), english=english)
    labels["oblast"] = {
        slug: (name_en if english and name_en else name)
        for slug, name, name_en in Oblast.objects.filter(slug__in=list(facets.get("oblast", {}))).values_list("slug", "name", "name_en")
    }
    return labels


@require_GET
def api_search(request):
    try:
        params, parsed = service.params_from(request.GET)
    except service.SearchError as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})
    try:
        total, results, facets, _relaxed = service.run(request.user, params, parsed)
    except SearchUnavailable:
        logger.warning("search API: the search backend is unavailable")
        return JsonResponse({"error": unavailable_message()}, status=503, json_dumps_params={"ensure_ascii": False})
    for result in results:
        result.pop("title_html", None)
    return JsonResponse({"count": total, "page": params.page, "results": results, "facets": facets}, json_dumps_params={"ensure_ascii": False})


@require_GET
def api_suggest(request):
    try:
        suggestions = service.suggest(request.user, request.GET.get("q", ""))
    except service.SearchError as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})
    except SearchUnavailable:
        return JsonResponse({"error": unavailable_message()}, status=503, json_dumps_params={"ensure_ascii": False})
    return JsonResponse({"suggestions": suggestions}, json_dumps_params={"ensure_ascii": False})


@require_GET
def search_page(request):
    context = {"q": request.GET.get("q", "")}
    if "q" in request.GET:
        try:
            params, parsed = service.params_from(request.GET)
        except service.SearchError as exc:
            context["error"] = str(exc)
            return render(request, "search/search.html", context, status=400 if context["q"] else 200)
        try:
            total, results, facets, relaxed = service.run(request.user, params, parsed)
        except SearchUnavailable:
            logger.warning("search page: the search backend is unavailable")
            context["error"] = unavailable_message()
            return render(request, "search/search.html", context, status=503)
        base = request.GET.copy()
        base.pop("page", None)
        labels = facet_labels(facets)
        facet_links = {}
        for result in results:
            result["type_label"] = TYPE_LABELS.get(result["type"], result["type"])
        for name, counts in facets.items():
            links = []
            for value, count in counts.items():
                link = base.copy()
                active = str(link.get(name, "")) == str(value)
                if active:
                    link.pop(name)
                else:
                    link[name] = value
                label = labels.get(name, {}).get(str(value), value)
                links.append({"value": value, "label": label, "count": count, "query": link.urlencode(), "active": active})
            facet_links[name] = links
        page = Paginator(range(total), params.page_size).get_page(params.page)
        context.update(
            results=results, total=total, facets=facet_links, page=page, query=base.urlencode(), params=params, relaxed=relaxed
        )
    return render(request, "search/search.html", context)
