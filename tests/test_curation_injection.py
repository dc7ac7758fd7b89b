"""Hostile text through every field a member fills in to share a practice, and through the moderator's comment
and reason: inert wherever it shows (the form, the member's pages, the review, the desk, the preview and the
published page), with the corpus of the security suite (tests/test_security_injection.py)."""

import pytest
from django.core.cache import cache

from .curation_support import csrf_client, latest, post, share
from .test_security_injection import CORPUS, MARKERS, problems_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    cache.clear()
    settings.CURATION_SHARE_RATE = "10000/m"
    yield
    cache.clear()


@pytest.mark.parametrize("name, payload", CORPUS, ids=[name for name, _ in CORPUS])
def test_hostile_text_in_a_shared_practice_is_inert_everywhere(name, payload, member, moderator, django_capture_on_commit_callbacks):
    author, reviewer = csrf_client(member), csrf_client(moderator)
    single = payload.replace("\n", " ")
    fields = {"title": f"Практика {single}"[:200], "summary": payload[:500], "body": f"Опис практики громади. {payload}",
              "outcomes": payload, "contact_name": single[:150], "contact_role": single[:150], "tags": single[:40]}
    with django_capture_on_commit_callbacks(execute=True):
        assert share(author, action="submit", **fields).status_code == 302
    submission = latest(member)
    review = f"/moderation/submissions/{submission.pk}/"
    pages = {
        "detail": author.get(f"/curation/submissions/{submission.pk}/").content.decode(),
        "profile": author.get(f"/members/{member.username}/").content.decode(),
        "preview": reviewer.get(f"/curation/submissions/{submission.pk}/preview/").content.decode(),
        "review": reviewer.get(review).content.decode(),
        "desk": reviewer.get("/moderation/").content.decode(),
        "moderator's notifications": reviewer.get("/forum/notifications/").content.decode(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        post(reviewer, f"{review}request-changes/", {"comment": payload}, form_url=review)
    pages["edit form"] = author.get(f"/curation/submissions/{submission.pk}/edit/").content.decode()
    pages["detail with the comment"] = author.get(f"/curation/submissions/{submission.pk}/").content.decode()
    pages["author's notifications"] = author.get("/forum/notifications/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        share(author, url=f"/curation/submissions/{submission.pk}/edit/", action="submit", **fields)
        post(reviewer, f"{review}approve/", {"comment": payload}, form_url=review)
    submission.page.refresh_from_db()
    assert submission.page.live
    pages["published page"] = csrf_client().get(submission.page.url).content.decode()
    pages["library"] = csrf_client().get("/praktyky/").content.decode()
    pages["review history"] = reviewer.get(review).content.decode()
    problems = []
    for where, html in pages.items():
        # A practice's summary is its page's <meta name="description">: an escaped attribute value, inert.
        problems += [p for p in problems_in(html, where, list(MARKERS.values())) if "ended up in <meta content=" not in p]
    assert not problems, "\n".join(problems)
    # And the text is there, shown as text, where the member and the public read it.
    marker = MARKERS[name]
    for where in ("detail", "review", "published page"):
        assert marker in pages[where], where
