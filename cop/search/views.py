"""The search page and the JSON API: thin views over cop.search.service."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import service


@require_GET
def api_search(request):
    try:
        params, parsed = service.params_from(request.GET)
    except service.SearchError as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})
    total, results, facets = service.run(request.user, params, parsed)
    for result in results:
        result.pop("title_html", None)
    return JsonResponse({"count": total, "page": params.page, "results": results, "facets": facets}, json_dumps_params={"ensure_ascii": False})


@require_GET
def api_suggest(request):
    try:
        suggestions = service.suggest(request.user, request.GET.get("q", ""))
    except service.SearchError as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})
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
        total, results, facets = service.run(request.user, params, parsed)
        base = request.GET.copy()
        base.pop("page", None)
        facet_links = {}
        for name, counts in facets.items():
            links = []
            for value, count in counts.items():
                link = base.copy()
                active = str(link.get(name, "")) == str(value)
                if active:
                    link.pop(name)
                else:
                    link[name] = value
                links.append({"value": value, "count": count, "query": link.urlencode(), "active": active})
            facet_links[name] = links
        page = Paginator(range(total), params.page_size).get_page(params.page)
        context.update(results=results, total=total, facets=facet_links, page=page, query=base.urlencode(), params=params)
    return render(request, "search/search.html", context)
