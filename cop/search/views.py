"""The search page and the JSON API, members' saved searches and the moderators' list of search gaps: thin views
over cop.search.service, cop.search.saved and cop.search.gaps."""

import logging
from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cop.members import roles
from cop.members.views import role_required

from . import gaps, registry, saved, service
from .backends import SearchUnavailable
from .models import SavedSearch, SearchGap

logger = logging.getLogger(__name__)

TYPE_LABELS = {
    "practice": gettext_lazy("Practices"),
    "resource": gettext_lazy("Resources"),
    "event": gettext_lazy("Events"),
    "topic": gettext_lazy("Forum topics"),
    "post": gettext_lazy("Forum replies"),
}


FILTER_LABELS = {
    "type": gettext_lazy("Type"), "theme": gettext_lazy("Theme"), "tag": gettext_lazy("Tag"),
    "oblast": gettext_lazy("Oblast"), "year": gettext_lazy("Year"),
}


def filters_shown(filters):
    """A stored search's filters as people read them: [(label, value)], search types by their names."""
    return [
        (FILTER_LABELS.get(name, name), TYPE_LABELS.get(value, value) if name == "type" else value)
        for name, value in (filters or {}).items()
    ]


def unavailable_message():
    return _("Search is temporarily unavailable. Please try again in a few minutes; nothing you saved is lost.")


def facet_labels(facets):
    """Human names for facet values in the current language: translated types, oblast names, and what the apps
    that fill other facets register (theme titles)."""
    from cop.places.models import Oblast

    english = (get_language() or "uk").startswith("en")
    labels = {"type": {value: str(TYPE_LABELS.get(value, value)) for value in facets.get("type", {})}}
    labels["theme"] = registry.facet_labels("theme", list(facets.get("theme", {})), english=english)
    labels["tag"] = registry.facet_labels("tag", list(facets.get("tag", {})), english=english)
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
        outcome = service.run(request.user, params, parsed)
        total, results, facets, _relaxed = outcome
    except SearchUnavailable:
        logger.warning("search API: the search backend is unavailable")
        return JsonResponse({"error": unavailable_message()}, status=503, json_dumps_params={"ensure_ascii": False})
    if total == 0:
        gaps.record_zero_result(params=params, parsed=parsed)
    for result in results:
        result.pop("title_html", None)
    return JsonResponse({"count": total, "page": params.page, "results": results, "facets": facets,
                         "semantic": outcome.semantic}, json_dumps_params={"ensure_ascii": False})


@require_GET
def api_suggest(request):
    try:
        suggestions = service.suggest(request.user, request.GET.get("q", ""))
    except service.SearchError as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})
    except SearchUnavailable:
        return JsonResponse({"error": unavailable_message()}, status=503, json_dumps_params={"ensure_ascii": False})
    return JsonResponse({"suggestions": suggestions}, json_dumps_params={"ensure_ascii": False})


def _is_empty(name, value):
    # An empty `q` is not: it is the search asked for, answered with a hint to type something.
    return name != "q" and not value.strip()


def without_empty_parameters(request):
    """The request's parameters that have a value, in their order (repeated ones kept), or None when none is empty."""
    if not any(_is_empty(name, value) for name, values in request.GET.lists() for value in values):
        return None
    # Decided on request.GET, which Django bounds in size; the raw query string keeps the order of the parameters.
    return [(name, value) for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
            if not _is_empty(name, value)]


@require_GET
def search_page(request):
    # The form sends every field, filled or not (?q=x&type=&theme=): without JavaScript to leave the empty ones
    # out, the page sends the browser on to the same search without them, a URL worth sharing and saving.
    kept = without_empty_parameters(request)
    if kept is not None:
        return HttpResponseRedirect(request.path + ("?" + urlencode(kept) if kept else ""))
    context = {
        "q": request.GET.get("q", ""),
        # "Like mine" means something only for an approved member with a hromada (knowledge/similar_places.py).
        "can_like_mine": roles.is_member(request.user) and bool(getattr(request.user, "hromada_id", None)),
        "like_mine_on": request.GET.get("like_mine") == "1",
    }
    if "q" in request.GET:
        try:
            params, parsed = service.params_from(request.GET)
        except service.SearchError as exc:
            context["error"] = str(exc)
            return render(request, "search/search.html", context, status=400 if context["q"] else 200)
        try:
            outcome = service.run(request.user, params, parsed)
            total, results, facets, relaxed = outcome
        except SearchUnavailable:
            logger.warning("search page: the search backend is unavailable")
            context["error"] = unavailable_message()
            return render(request, "search/search.html", context, status=503)
        if total == 0:
            gaps.record_zero_result(params=params, parsed=parsed)
        # The links of the page (facets, pagination) carry only the parameters that have a value.
        base = QueryDict(mutable=True)
        for name, values in request.GET.lists():
            values = [value for value in values if not _is_empty(name, value)]
            if name != "page" and values:
                base.setlist(name, values)
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
            # Nothing to refine (no result, or nothing to tell results apart): no empty "Refine" box.
            has_facets=any(facet_links.values()),
            results=results, total=total, facets=facet_links, page=page, query=base.urlencode(), params=params, relaxed=relaxed,
            semantic=outcome.semantic,
            like_mine_description=outcome.like_mine.description if outcome.like_mine else "",
            save_filters=service.filters_of(params),
            # Visitors are offered it too: saving sends them to log in and back here.
            can_save=not request.user.is_authenticated or roles.is_member(request.user),
        )
    return render(request, "search/search.html", context)


# --- saved searches ---------------------------------------------------------------------------------------------


def _search_url(data):
    """The search page for the query and filters of a form, to come back to."""
    fields = {name: data.get(name) for name in ("q", *service.FILTERS) if data.get(name)}
    return reverse("search") + ("?" + urlencode(fields) if fields else "")


def _saved_page(request, *, error=None, typed=None, status=200):
    context = {
        "saved_searches": [
            {"saved": item, "search_url": saved.search_url(item), "filters": filters_shown(item.filters)}
            for item in SavedSearch.objects.filter(user=request.user)
        ],
        "limit": saved.max_per_member(),
        "error": error,
        "typed": typed or {},
    }
    return render(request, "search/saved.html", context, status=status)


def saved_searches(request):
    """GET: the member's saved searches; POST: save one (from the search page, or the form on this page)."""
    if not request.user.is_authenticated:
        # After logging in they come back to the search they wanted to save, and save it from there.
        return redirect_to_login(_search_url(request.POST) if request.method == "POST" else request.get_full_path())
    if not roles.is_member(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _saved_page(request)
    try:
        item = saved.saved_search_create(user=request.user, data=request.POST)
    except (service.SearchError, saved.SavedSearchError) as exc:
        typed = {name: request.POST.get(name, "")[:500] for name in ("q", *service.FILTERS)}
        return _saved_page(request, error=str(exc), typed=typed, status=400)
    messages.success(request, _("Search saved: you will be told about new results."))
    return redirect(saved.search_url(item))


@require_POST
@role_required(roles.is_member, login_next=lambda **kw: reverse("saved_searches"))
def saved_search_delete(request, pk):
    # Another member's saved search does not exist for this one.
    item = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.saved_search_delete(saved=item)
    messages.success(request, _("The saved search “%(query)s” was deleted.") % {"query": item.query})
    return redirect("saved_searches")


# --- search gaps (moderators) -----------------------------------------------------------------------------------


def _gaps_page(request, *, errors=None, typed=None, status=200):
    errors, typed = errors or {}, typed or {}
    shown = gaps.top_zero_result_queries(days=30, limit=100)
    for gap in shown:
        gap["error"], gap["typed"] = errors.get(gap["id"]), typed.get(gap["id"], "")
        gap["filters_shown"] = filters_shown(gap["filters"])
    context = {"gaps": shown, "errors": errors}
    return render(request, "search/gaps.html", context, status=status)


@require_GET
@role_required(roles.is_moderator)
def search_gaps(request):
    return _gaps_page(request)


@require_POST
@role_required(roles.is_moderator, login_next=lambda **kw: reverse("search_gaps"))
def search_gap_handle(request, pk):
    gap = get_object_or_404(SearchGap, pk=pk)
    typed = request.POST.get("answer", "")
    try:
        answer = gaps.resolve_answer(typed, request=request)
    except gaps.AnswerError as exc:
        return _gaps_page(request, errors={gap.pk: str(exc)}, typed={gap.pk: typed[:500]}, status=400)
    gaps.gap_handle(gap=gap, moderator=request.user, answer=answer)
    messages.success(request, _("Marked as handled: “%(query)s”.") % {"query": gap.example})
    # The moderators' desk sends its own page as `next`, to come back to it.
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("search_gaps")


# --- similar discussions and practices (while writing) ------------------------------------------------------------


@require_GET
def similar(request):
    """What is like the text being written: an HTML fragment for the forms' script (nothing at all when there is
    nothing), or JSON. Any input answers 200 (too long is cut, not refused), or 429 when asked too often."""
    from . import similar_content

    wants_json = request.GET.get("format") == "json"
    if similar_content.too_often(request):
        message = _("Too many look-ups for similar content. Please wait a minute.")
        if wants_json:
            return JsonResponse({"error": message}, status=429, json_dumps_params={"ensure_ascii": False})
        return render(request, "search/similar_fragment.html", {"error": message}, status=429)
    results = similar_content.similar_to_text(
        request.user, request.GET.get("title", ""), request.GET.get("body", ""), exclude=[request.GET.get("exclude", "")],
    )
    if wants_json:
        shown = [{name: str(value) if name == "type_label" else value for name, value in item.items()} for item in results]
        return JsonResponse({"results": shown}, json_dumps_params={"ensure_ascii": False})
    response = render(request, "search/similar_fragment.html", {
        "results": results, "intro": _("Before you publish: these may already answer it."),
    })
    response["Cache-Control"] = "private, no-store"
    return response
