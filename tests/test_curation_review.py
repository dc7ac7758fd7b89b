"""The moderators' review of a shared practice through Wagtail's own workflow: preview, approve (publish),
request changes with a comment, reject with a reason; the whole path of issue #12's "Done when"."""

import pytest
from django.core import mail
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from curation import files as submission_files
from curation.models import Submission
from forum.models import Notification
from knowledge.models import PracticePage

from .conftest import make_user
from .curation_support import csrf_client, latest, pdf_bytes, post, share
from .knowledge_factories import make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the process-wide cache, not in the rolled-back database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

TITLE = "Партиципаторне бюджетування для молоді"


@pytest.fixture
def submitted(member, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        share(csrf_client(member), action="submit", title=TITLE,
              body="Громада віддала молодіжній раді частину бюджету на власні проєкти.")
    return latest(member)


def state_of(submission):
    return WorkflowState.objects.for_instance(submission.page).order_by("-pk").first()


def review_url(submission, action=""):
    return f"/moderation/submissions/{submission.pk}/{action}"


def act(client, submission, action, data=None):
    return post(client, review_url(submission, action), data or {}, form_url=review_url(submission))


def test_the_whole_path_submit_changes_edit_approve_live_everywhere(member, moderator, django_capture_on_commit_callbacks):
    theme = make_theme("Молодь і бюджет", slug="molod-biudzhet")
    author, reviewer = csrf_client(member), csrf_client(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        share(author, action="submit", title=TITLE, themes=[theme.pk],
              body="Громада віддала молодіжній раді частину бюджету на власні проєкти.")
    submission = latest(member)
    assert state_of(submission).status == WorkflowState.STATUS_IN_PROGRESS

    # The moderator sees it on the desk and opens the review.
    desk = reviewer.get("/moderation/").content.decode()
    assert TITLE in desk and review_url(submission) in desk
    page = reviewer.get(review_url(submission)).content.decode()
    assert f"/curation/submissions/{submission.pk}/preview/" in page

    # Request changes: Wagtail's task state is rejected, the workflow waits for the author.
    with django_capture_on_commit_callbacks(execute=True):
        response = act(reviewer, submission, "request-changes/", {"comment": "Додайте, скільки коштів отримала рада."})
    assert response.status_code == 302
    state = state_of(submission)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.status == TaskState.STATUS_REJECTED
    assert state.current_task_state.comment == "Додайте, скільки коштів отримала рада."
    notice = Notification.objects.filter(recipient=member, kind=Notification.Kind.SUBMISSION).latest("pk")
    assert "Додайте, скільки коштів" in notice.message
    profile = author.get(f"/members/{member.username}/").content.decode()
    assert "Потрібні зміни" in profile and "Додайте, скільки коштів отримала рада." in profile
    assert PageLogEntry.objects.filter(page_id=submission.page_id, action="wagtail.workflow.reject").exists()

    # The author edits and resubmits: the same workflow resumes with a new task state on the new revision.
    with django_capture_on_commit_callbacks(execute=True):
        response = share(author, url=f"/curation/submissions/{submission.pk}/edit/", action="submit", title=TITLE,
                         themes=[theme.pk], body="Громада віддала молодіжній раді 200 тисяч гривень на власні проєкти.")
    assert response.status_code == 302
    state = state_of(submission)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.for_instance(submission.page).count() == 1

    # Approve: Wagtail finishes the workflow and publishes the latest revision.
    with django_capture_on_commit_callbacks(execute=True):
        response = act(reviewer, submission, "approve/", {"comment": "Дякуємо!"})
    assert response.status_code == 302
    practice = PracticePage.objects.get(pk=submission.page_id)
    assert practice.live and state_of(submission).status == WorkflowState.STATUS_APPROVED
    published = Notification.objects.filter(recipient=member, kind=Notification.Kind.SUBMISSION).latest("pk")
    assert published.url == practice.url

    # Live: its page, the library listing, the theme, the feeds, and search in inflected forms.
    public = csrf_client()
    live_page = public.get(practice.url).content.decode()
    assert TITLE in live_page and "200 тисяч гривень" in live_page
    assert TITLE in public.get("/praktyky/").content.decode()
    assert TITLE in public.get(theme.url).content.decode()
    assert TITLE in public.get("/feeds/practices/rss/").content.decode()
    assert TITLE in public.get("/feeds/practices/atom/").content.decode()
    for query in ("бюджетуванням", "молодіжна рада", "бюджетування молоді"):
        results = public.get("/api/search/", {"q": query}).json()
        assert practice.url in [result["url"] for result in results["results"]], query
    assert practice.url in public.get("/search/", {"q": "бюджетуванні для молодіжної ради"}).content.decode()
    # The status the member sees agrees with Wagtail's.
    assert "Опубліковано" in author.get(f"/members/{member.username}/").content.decode()


def test_approving_publishes_the_files_with_the_practice(member, moderator, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.models import Collection

    with django_capture_on_commit_callbacks(execute=True):
        share(csrf_client(member), action="submit", documents=[SimpleUploadedFile("звіт.pdf", pdf_bytes())])
    submission = latest(member)
    document = submission.files.get().document
    assert document.collection_id == submission_files.submissions_collection().pk
    act(csrf_client(moderator), submission, "approve/")
    document.refresh_from_db()
    assert document.collection_id == Collection.get_first_root_node().pk
    assert csrf_client().get(document.url).status_code == 200


def test_reject_with_a_reason_cancels_the_workflow_and_tells_the_author(submitted, member, moderator,
                                                                         django_capture_on_commit_callbacks):
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = act(csrf_client(moderator), submitted, "reject/", {"reason": "Це не практика громади, а реклама."})
    assert response.status_code == 302
    assert state_of(submitted).status == WorkflowState.STATUS_CANCELLED
    submitted.refresh_from_db()
    assert submitted.closed == Submission.Closed.REJECTED and submitted.closed_reason == "Це не практика громади, а реклама."
    assert not PracticePage.objects.get(pk=submitted.page_id).live
    entry = PageLogEntry.objects.get(page_id=submitted.page_id, action="curation.submission.reject")
    assert entry.user == moderator and entry.data["reason"] == "Це не практика громади, а реклама."
    assert "реклама" in Notification.objects.filter(recipient=member).latest("pk").message
    assert any(member.email in message.to for message in mail.outbox)
    profile = csrf_client(member).get(f"/members/{member.username}/").content.decode()
    assert "Відхилено" in profile and "реклама" in profile


@pytest.mark.parametrize("action, field", [("request-changes/", "comment"), ("reject/", "reason")])
def test_a_comment_or_reason_is_required(submitted, moderator, action, field):
    response = act(csrf_client(moderator), submitted, action, {field: "   "})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert state_of(submitted).status == WorkflowState.STATUS_IN_PROGRESS


def test_approving_twice_or_something_withdrawn_says_so_never_500(submitted, member, moderator):
    reviewer = csrf_client(moderator)
    act(reviewer, submitted, "approve/")
    again = act(reviewer, submitted, "approve/")
    assert again.status_code == 302
    followed = reviewer.get(again["Location"]).content.decode()
    assert "вже схвалено" in followed
    for action, data in (("request-changes/", {"comment": "ще"}), ("reject/", {"reason": "ні"})):
        response = act(reviewer, submitted, action, data)
        assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.closed == ""

    # Withdrawn before the review.
    share(csrf_client(member), action="submit", title="Друга практика для відкликання")
    second = latest(member)
    post(csrf_client(member), f"/curation/submissions/{second.pk}/withdraw/")
    response = act(reviewer, second, "approve/")
    assert "відкликав" in reviewer.get(response["Location"]).content.decode()
    assert not PracticePage.objects.get(pk=second.page_id).live


def test_a_moderator_does_not_review_their_own_practice(moderator):
    other = make_user("moderator2", groups=["Member", "Moderator"])
    share(csrf_client(moderator), action="submit")
    submission = latest(moderator)
    response = act(csrf_client(moderator), submission, "approve/")
    assert "інший модератор" in csrf_client(moderator).get(response["Location"]).content.decode()
    assert not PracticePage.objects.get(pk=submission.page_id).live
    act(csrf_client(other), submission, "approve/")
    assert PracticePage.objects.get(pk=submission.page_id).live


@pytest.mark.parametrize("role", ["pending_member", "member", "editor"])
def test_nobody_but_moderators_reviews(submitted, role, request):
    client = csrf_client(request.getfixturevalue(role))
    assert client.get(review_url(submitted)).status_code == 403
    for action in ("approve/", "request-changes/", "reject/"):
        client.cookies["csrftoken"] = "c" * 32
        response = client.post(review_url(submitted, action), {"comment": "x", "reason": "x", "csrfmiddlewaretoken": "c" * 32})
        assert response.status_code == 403, action
    assert state_of(submitted).status == WorkflowState.STATUS_IN_PROGRESS


def test_anonymous_visitors_log_in_and_get_shows_no_action(submitted):
    client = csrf_client()
    response = client.get(review_url(submitted))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get(review_url(submitted, "approve/")).status_code == 405


def test_an_unknown_submission_is_404_for_moderators(moderator):
    assert csrf_client(moderator).get("/moderation/submissions/999999/").status_code == 404


def test_the_review_and_the_wagtail_admin_agree(submitted, moderator):
    """Approving in the Wagtail admin instead is seen on the site, and files are released the same way."""
    from django.test import Client

    admin = Client()
    admin.force_login(moderator)
    task_state = state_of(submitted).current_task_state
    response = admin.post(f"/admin/pages/workflow/action/{submitted.page_id}/approve/{task_state.pk}/", {"comment": ""})
    assert response.status_code in (200, 302)
    assert PracticePage.objects.get(pk=submitted.page_id).live
    html = csrf_client(submitted.author).get(f"/curation/submissions/{submitted.pk}/").content.decode()
    assert "Опубліковано" in html


def test_an_approved_practice_is_found_in_inflected_forms_on_the_search_engine(member, moderator, settings,
                                                                                django_capture_on_commit_callbacks):
    """The same through Elasticsearch/OpenSearch (SEARCH_TEST_OPENSEARCH_URL), fed by the worker's outbox drain."""
    import uuid

    from cop.search.backends import EngineSearchBackend
    from cop.search.outbox import drain_all

    from .search_contract import engine_url_or_skip

    settings.SEARCH_URL = engine_url_or_skip()
    settings.SEARCH_INDEX_PREFIX = prefix = f"cop-test-curation-{uuid.uuid4().hex[:12]}"
    try:
        with django_capture_on_commit_callbacks(execute=True):
            share(csrf_client(member), action="submit", title=TITLE,
                  body="Громада віддала молодіжній раді частину бюджету на власні проєкти.")
        submission = latest(member)
        drain_all(ignore_backoff=True, refresh=True)
        assert csrf_client().get("/api/search/", {"q": "бюджетуванням"}).json()["count"] == 0  # not before approval
        with django_capture_on_commit_callbacks(execute=True):
            act(csrf_client(moderator), submission, "approve/")
        drain_all(ignore_backoff=True, refresh=True)
        url = PracticePage.objects.get(pk=submission.page_id).url
        for query in ("бюджетуванням", "молодіжна рада", "бюджетуванні молоді"):
            results = csrf_client().get("/api/search/", {"q": query}).json()["results"]
            assert url in [result["url"] for result in results], query
    finally:
        EngineSearchBackend(settings.SEARCH_URL, prefix=prefix).engine.drop_all()


def test_each_step_is_one_e_mail_from_the_site_not_wagtail_s_admin_e_mails(member, moderator, editor,
                                                                               django_capture_on_commit_callbacks):
    """Wagtail's own workflow e-mails (admin links a member cannot open, sent whatever the moderators' e-mail
    preference) are replaced by the site's notifications for members' submissions; the admin keeps them."""
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        share(csrf_client(member), action="submit", title=TITLE)
    submission = latest(member)
    with django_capture_on_commit_callbacks(execute=True):
        act(csrf_client(moderator), submission, "request-changes/", {"comment": "Уточніть суму."})
    with django_capture_on_commit_callbacks(execute=True):
        share(csrf_client(member), url=f"/curation/submissions/{submission.pk}/edit/", action="submit", title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        act(csrf_client(moderator), submission, "approve/")
    assert mail.outbox and not [m.subject for m in mail.outbox if "/admin/" in m.body]
    assert len([m for m in mail.outbox if member.email in m.to]) == 4  # received, changes, received again, published
    # A page an editor submits in the Wagtail admin still gets Wagtail's e-mail to the moderators.
    from wagtail.models import Workflow

    from .knowledge_factories import make_practice

    mail.outbox = []
    page = make_practice("Практика редактора", slug="praktyka-redaktora", publish=False)
    page.save_revision(user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        Workflow.objects.get(name="Moderator approval").start(page, editor)
    assert any(moderator.email in m.to and "/admin/" in m.body for m in mail.outbox)
