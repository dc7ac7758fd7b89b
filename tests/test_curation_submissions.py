"""Members share a practice from the site: a draft PracticePage owned by them, submitted to the "Moderator
approval" workflow, its status on their profile; editing, withdrawing, and every bad input of issue #12."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import WorkflowState

from curation import files as submission_files
from curation.models import Submission
from forum.models import Notification
from knowledge.models import PracticePage

from .conftest import make_user
from .curation_support import (
    FIELDS, csrf_client, docx_bytes, jpeg_with_exif, latest, ods_bytes, pdf_bytes, png_bytes, post, share,
)
from .knowledge_factories import make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the process-wide cache, not in the rolled-back database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_member(db):
    return make_user("othermember", groups=["Member"])


def state_of(page):
    return WorkflowState.objects.for_instance(page).order_by("-pk").first()


# Who may share ------------------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in():
    response = csrf_client().get("/curation/share/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_pending_applicant_is_told_why_not(pending_member):
    response = csrf_client(pending_member).get("/curation/share/")
    assert response.status_code == 403
    assert "очікує" in response.content.decode() or "waiting" in response.content.decode()


def test_a_suspended_member_cannot_share(member):
    from django.utils import timezone
    import datetime

    member.suspended_until = timezone.now() + datetime.timedelta(days=1)
    member.save()
    assert csrf_client(member).get("/curation/share/").status_code == 403


@pytest.mark.parametrize("role", ["member", "moderator", "editor"])
def test_approved_members_get_the_form(role, request):
    response = csrf_client(request.getfixturevalue(role)).get("/curation/share/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="title"' in html and 'enctype="multipart/form-data"' in html
    assert "<script" not in html.split("<main", 1)[1]


# The draft ----------------------------------------------------------------------------------------------------------


def test_save_draft_needs_only_a_title_and_creates_a_draft_page_owned_by_the_member(member):
    client = csrf_client(member)
    response = share(client, title="Лише назва практики", summary="", body="", outcomes="")
    submission = latest(member)
    assert response.status_code == 302 and response["Location"] == f"/curation/submissions/{submission.pk}/"
    page = submission.page.specific
    assert isinstance(page, PracticePage) and not page.live
    assert page.owner == member and page.keeper == member
    assert page.get_parent().specific_class.__name__ == "PracticeLibraryPage"
    assert state_of(page) is None  # not in review yet
    # Nowhere public: its own URL does not exist for anyone outside.
    assert csrf_client().get(f"/praktyky/{page.slug}/").status_code == 404
    detail = client.get(response["Location"]).content.decode()
    assert "Чернетка" in detail or "draft" in detail.lower()


def test_the_draft_keeps_every_field_and_renders_markdown_safely(member, hromada):
    theme = make_theme()
    client = csrf_client(member)
    share(client, themes=[theme.pk], oblast=hromada.oblast_id, hromada=hromada.pk, period_start="2023-01-01",
          period_end="2023-12-31", population_band="", body="# Заголовок\n\n**Жирний** <script>alert(1)</script> "
          "[лінк](javascript:alert(1)) [сайт](https://example.org)")
    submission = latest(member)
    page = PracticePage.objects.get(pk=submission.page_id)
    assert page.summary == FIELDS["summary"]
    assert list(page.themes.all()) == [theme]
    assert sorted(page.tags.names()) == ["бюджет участі", "молодь"]
    assert page.hromada == hromada and page.oblast == hromada.oblast
    assert page.population_band == "100k_500k"  # from the hromada's population, as in the admin
    assert str(page.period_start) == "2023-01-01" and page.contact_email == "olena@example.org"
    html = page.body[0].value.source
    assert "<h2>Заголовок</h2>" in html and "<b>Жирний</b>" in html
    assert "<script" not in html and "javascript:" not in html.replace("[лінк](javascript:alert(1))", "")
    assert 'href="https://example.org"' in html
    assert "<i>12</i>" in page.outcomes
    # The Markdown the member wrote comes back in the edit form.
    form = client.get(f"/curation/submissions/{submission.pk}/edit/").content.decode()
    assert "# Заголовок" in form and "молодь" in form
    # The revision Wagtail holds is the same draft (the admin and the site agree).
    assert page.get_latest_revision_as_object().title == FIELDS["title"]


def test_submit_for_review_starts_the_moderator_approval_workflow_and_tells_everyone(member, moderator, editor,
                                                                                       django_capture_on_commit_callbacks):
    client = csrf_client(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = share(client, action="submit")
    assert response.status_code == 302
    submission = latest(member)
    state = state_of(submission.page)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.workflow.name == "Moderator approval"
    assert state.requested_by == member
    assert not PracticePage.objects.get(pk=submission.page_id).live
    mine = Notification.objects.get(recipient=member)
    assert mine.kind == Notification.Kind.SUBMISSION and mine.url == f"/curation/submissions/{submission.pk}/"
    theirs = Notification.objects.get(recipient=moderator)
    assert theirs.kind == Notification.Kind.REVIEW and theirs.url == f"/moderation/submissions/{submission.pk}/"
    assert not Notification.objects.filter(recipient=editor).exists()  # editors are not reviewers here
    # E-mails are queued for both, in their language (immediate by default).
    recipients = {address for message in mail.outbox for address in message.to}
    assert {member.email, moderator.email} <= recipients


def test_moderators_who_chose_the_digest_or_no_email_are_not_emailed_now(member, moderator, django_capture_on_commit_callbacks):
    moderator.forum_email = moderator.EmailFrequency.NEVER
    moderator.save()
    with django_capture_on_commit_callbacks(execute=True):
        share(csrf_client(member), action="submit")
    assert Notification.objects.filter(recipient=moderator, kind=Notification.Kind.REVIEW).exists()
    assert moderator.email not in {address for message in mail.outbox for address in message.to
                                   if "Moderator approval" not in message.subject}


def test_a_member_sees_their_submissions_and_status_on_their_profile(member, other_member):
    client = csrf_client(member)
    share(client, title="Перша практика громади")
    share(client, title="Друга практика громади", action="submit")
    profile = client.get(f"/members/{member.username}/").content.decode()
    assert "Перша практика громади" in profile and "Друга практика громади" in profile
    assert "Чернетка" in profile and "На розгляді" in profile
    # Nobody else sees them on the profile.
    other = csrf_client(other_member).get(f"/members/{member.username}/").content.decode()
    assert "Перша практика громади" not in other


# Bad input -------------------------------------------------------------------------------------------------------


def test_submitting_without_summary_or_body_keeps_everything_typed(member):
    client = csrf_client(member)
    response = share(client, action="submit", summary="", body="", contact_name="Петро Незабутній")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Напишіть короткий опис" in html or "Write a short summary" in html
    assert 'role="alert"' in html
    assert FIELDS["title"] in html and "Петро Незабутній" in html
    assert not Submission.objects.exists()


def test_a_missing_title_is_a_clear_error(member):
    response = share(csrf_client(member), title="")
    assert response.status_code == 200
    assert "Дайте практиці назву" in response.content.decode() or "Give the practice a title" in response.content.decode()
    assert not Submission.objects.exists()


def test_over_long_fields_are_refused_with_the_limit(member):
    response = share(csrf_client(member), title="Я" * 201, summary="с" * 501)
    assert response.status_code == 200
    html = response.content.decode()
    assert "200" in html and "500" in html
    assert "Я" * 201 in html  # what was typed comes back
    assert not Submission.objects.exists()


def test_an_end_before_the_start_and_a_hromada_outside_the_oblast_are_refused(member, hromada):
    from cop.places.models import Oblast

    other_oblast = Oblast.objects.exclude(pk=hromada.oblast_id).first()
    response = share(csrf_client(member), period_start="2024-05-01", period_end="2024-01-01",
                     oblast=other_oblast.pk, hromada=hromada.pk)
    assert response.status_code == 200
    assert not Submission.objects.exists()


@pytest.mark.parametrize("field, value", [("themes", "99999"), ("oblast", "x"), ("context", "war"), ("period_start", "вчора"),
                                          ("contact_email", "не-адреса"), ("population_band", "huge")])
def test_nonsense_values_are_errors_not_500s(member, field, value):
    response = share(csrf_client(member), **{field: value})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_html_in_single_line_fields_is_stored_as_text_and_shown_inert(member, moderator):
    client = csrf_client(member)
    share(client, title='<img src=x onerror=alert(1)> Практика', contact_name="<script>alert(1)</script>")
    submission = latest(member)
    preview = csrf_client(moderator).get(f"/curation/submissions/{submission.pk}/preview/").content.decode()
    assert "<img src=x" not in preview and "<script>alert(1)" not in preview
    assert "&lt;img src=x onerror=alert(1)&gt;" in preview


# Someone else's submission ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "edit/", "withdraw/", "preview/"])
def test_another_member_finds_nothing(member, other_member, suffix):
    share(csrf_client(member))
    url = f"/curation/submissions/{latest(member).pk}/{suffix}"
    client = csrf_client(other_member)
    assert client.get(url).status_code == 404
    if suffix in ("edit/", "withdraw/"):
        client.cookies["csrftoken"] = "x" * 32
        assert client.post(url, {**FIELDS, "csrfmiddlewaretoken": "x" * 32}).status_code == 404
    assert latest(member).closed == ""


@pytest.mark.parametrize("suffix", ["", "edit/", "withdraw/"])
def test_moderators_do_not_edit_or_withdraw_for_the_author(member, moderator, suffix):
    share(csrf_client(member))
    assert csrf_client(moderator).get(f"/curation/submissions/{latest(member).pk}/{suffix}").status_code == 404


def test_moderators_and_the_author_preview_it_with_the_real_page_template(member, moderator, other_member, pending_member):
    share(csrf_client(member), body="Опис, якого ще ніхто не бачив.")
    url = f"/curation/submissions/{latest(member).pk}/preview/"
    for person in (member, moderator):
        response = csrf_client(person).get(url)
        assert response.status_code == 200
        assert "knowledge/practice_page.html" in [t.name for t in response.templates]
        assert "Опис, якого ще ніхто не бачив." in response.content.decode()
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    for person in (other_member, pending_member):
        assert csrf_client(person).get(url).status_code == 404
    assert csrf_client().get(url).status_code == 302


def test_anonymous_visitors_log_in_before_anything_is_looked_up():
    for url in ("/curation/submissions/1/", "/curation/submissions/1/edit/", "/curation/submissions/1/withdraw/"):
        response = csrf_client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


# Editing and withdrawing --------------------------------------------------------------------------------------------


def test_editing_a_draft_keeps_it_a_draft(member):
    client = csrf_client(member)
    share(client)
    submission = latest(member)
    response = share(client, url=f"/curation/submissions/{submission.pk}/edit/", title="Нова назва практики")
    assert response.status_code == 302
    page = PracticePage.objects.get(pk=submission.page_id)
    assert page.title == "Нова назва практики" and not page.live
    assert Submission.objects.count() == 1


def test_a_submission_in_review_cannot_be_edited(member):
    client = csrf_client(member)
    share(client, action="submit")
    submission = latest(member)
    response = client.get(f"/curation/submissions/{submission.pk}/edit/", follow=True)
    assert "вже чекає" in response.content.decode() or "already waiting" in response.content.decode()
    client.cookies["csrftoken"] = "t" * 32
    response = client.post(f"/curation/submissions/{submission.pk}/edit/",
                           {**FIELDS, "title": "Змінено під час розгляду", "action": "save", "csrfmiddlewaretoken": "t" * 32})
    assert response.status_code == 302
    assert PracticePage.objects.get(pk=submission.page_id).title == FIELDS["title"]


def test_withdrawing_cancels_the_workflow_and_is_final(member):
    client = csrf_client(member)
    share(client, action="submit")
    submission = latest(member)
    url = f"/curation/submissions/{submission.pk}/withdraw/"
    assert "Відкликати" in client.get(url).content.decode() or "Withdraw" in client.get(url).content.decode()
    response = post(client, url)
    assert response.status_code == 302
    assert state_of(submission.page).status == WorkflowState.STATUS_CANCELLED
    submission.refresh_from_db()
    assert submission.closed == Submission.Closed.WITHDRAWN
    assert not PracticePage.objects.get(pk=submission.page_id).live
    # Withdrawing again or editing says why not, never a 500.
    again = client.get(url, follow=True)
    assert again.status_code == 200 and ("відкликав" in again.content.decode().lower() or "withdrawn" in again.content.decode())
    assert client.get(f"/curation/submissions/{submission.pk}/edit/").status_code == 302
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page_id=submission.page_id, action="curation.submission.withdraw", user=member).exists()


def test_state_changes_refuse_a_post_without_a_csrf_token(member):
    client = csrf_client(member)
    response = client.post("/curation/share/", {**FIELDS, "action": "save"})
    assert response.status_code == 403
    assert not Submission.objects.exists()


# Attachments and images, by content --------------------------------------------------------------------------------


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_documents_are_accepted_by_content_and_kept_in_the_restricted_collection(member, other_member, moderator):
    client = csrf_client(member)
    response = share(client, documents=[upload("звіт.pdf", pdf_bytes()), upload("план.docx", docx_bytes()),
                                        upload("таблиця.ods", ods_bytes())])
    assert response.status_code == 302, response.content.decode()[-3000:]
    submission = latest(member)
    files = list(submission.files.all())
    assert len(files) == 3
    restricted = submission_files.submissions_collection()
    assert all(f.document.collection_id == restricted.pk for f in files)
    assert sorted(f.document.file.name.rsplit(".", 1)[1] for f in files) == ["docx", "ods", "pdf"]
    page = PracticePage.objects.get(pk=submission.page_id)
    assert [block.block_type for block in page.body].count("document") == 3
    # The file is not served to the public (nor to other members) while the practice waits.
    assert csrf_client().get(files[0].document.url).status_code in (302, 403)
    assert csrf_client(other_member).get(files[0].document.url).status_code in (302, 403)
    assert csrf_client(moderator).get(files[0].document.url).status_code == 200
    from wagtail.documents import get_document_model
    from knowledge.privacy import restricted_collection_ids

    assert restricted.pk in restricted_collection_ids()
    assert get_document_model().objects.filter(collection=restricted).count() == 3


@pytest.mark.parametrize("name, content", [
    ("звіт.pdf", b"MZ\x90\x00 this is an executable"),  # a disallowed type named like a PDF
    ("таблиця.xlsx", b"PK\x03\x04 not really a zip"),
    ("архів.docx", None),  # a zip that is not an office document
    ("сторінка.odt", b"<html><script>alert(1)</script></html>"),
])
def test_disallowed_documents_are_refused_whatever_their_name(member, name, content):
    if content is None:
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("evil.sh", "rm -rf /")
        content = buffer.getvalue()
    response = share(csrf_client(member), documents=[upload(name, content, "application/pdf")])
    assert response.status_code == 200
    assert name in response.content.decode()
    assert not Submission.objects.exists()


def test_an_oversized_document_is_refused_with_the_limit(member, monkeypatch):
    monkeypatch.setattr(submission_files, "MAX_DOCUMENT_SIZE", 1024 * 1024)
    response = share(csrf_client(member), documents=[upload("великий.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))])
    assert response.status_code == 200
    assert "1 MB" in response.content.decode() or "1 МБ" in response.content.decode()
    assert not Submission.objects.exists()


def test_images_are_re_encoded_without_their_metadata(member):
    from PIL import Image
    import io

    client = csrf_client(member)
    response = share(client, images=[upload("фото.jpg", jpeg_with_exif(), "image/jpeg"), upload("схема.png", png_bytes(), "image/png")])
    assert response.status_code == 302, response.content.decode()[-3000:]
    images = [f.image for f in latest(member).files.all()]
    assert len(images) == 2
    for image in images:
        with image.file.open("rb") as stored:
            data = stored.read()
        assert b"SpyCam" not in data and "Секретний".encode() not in data
        with Image.open(io.BytesIO(data)) as reopened:
            assert not reopened.getexif()
            assert "Author" not in reopened.info
        assert image.collection_id == submission_files.submissions_collection().pk


def test_a_file_that_is_not_an_image_is_refused(member):
    response = share(csrf_client(member), images=[upload("фото.png", pdf_bytes(), "image/png")])
    assert response.status_code == 200
    assert "фото.png" in response.content.decode()


def test_a_failed_validation_keeps_the_good_files_already_uploaded(member):
    client = csrf_client(member)
    response = share(client, title="", documents=[upload("звіт.pdf", pdf_bytes()), upload("погане.pdf", b"nope")])
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="kept_file"' in html and "звіт" in html
    import re

    kept = re.findall(r'name="kept_file" value="(\d+)"', html)
    assert len(kept) == 1
    response = share(client, kept_file=kept)
    assert response.status_code == 302
    assert [f.document.title for f in latest(member).files.all()] == ["звіт"]


def test_someone_else_s_kept_file_cannot_be_claimed(member, other_member):
    client = csrf_client(member)
    html = share(client, title="", documents=[upload("звіт.pdf", pdf_bytes())]).content.decode()
    import re

    kept = re.findall(r'name="kept_file" value="(\d+)"', html)
    share(csrf_client(other_member), kept_file=kept)
    assert latest(other_member).files.count() == 0


def test_removing_a_file_deletes_it(member):
    client = csrf_client(member)
    share(client, documents=[upload("звіт.pdf", pdf_bytes())])
    submission = latest(member)
    item = submission.files.get()
    share(client, url=f"/curation/submissions/{submission.pk}/edit/", remove_file=[str(item.pk)])
    assert submission.files.count() == 0
    from wagtail.documents import get_document_model

    assert not get_document_model().objects.filter(pk=item.document_id).exists()


# Demo content ---------------------------------------------------------------------------------------------------------


def test_the_demo_has_a_submission_in_each_state_and_runs_twice(member, moderator):
    from curation.demo import CurationDemo
    from curation.status import Status, with_status

    make_user("member2", groups=["Member"])
    assert CurationDemo(write=lambda *_: None).run() == 6
    statuses = {s.status for s in with_status(Submission.objects.select_related("page"))}
    assert statuses == set(Status)
    assert CurationDemo(write=lambda *_: None).run() == 0
    assert Submission.objects.count() == 6


def test_without_the_demo_accounts_the_demo_does_nothing(db):
    from curation.demo import CurationDemo

    assert CurationDemo(write=lambda *_: None).run() == 0


def test_nobody_but_the_author_and_the_moderators_is_notified(member, moderator, other_member, editor,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        share(csrf_client(member), action="submit", title="Практика, про яку знають лише свої")
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {member.username, moderator.username}
    for person in (other_member, editor):
        listing = csrf_client(person).get("/forum/notifications/").content.decode()
        assert "Практика, про яку знають лише свої" not in listing


def test_files_of_an_abandoned_form_are_deleted_by_the_worker_after_a_day(member):
    import datetime
    import re

    from django.utils import timezone

    from curation.models import SubmissionFile
    from curation.tasks import delete_orphan_files

    html = share(csrf_client(member), title="", documents=[upload("звіт.pdf", pdf_bytes())]).content.decode()
    assert re.findall(r'name="kept_file" value="(\d+)"', html)
    share(csrf_client(member), documents=[upload("інший.pdf", pdf_bytes())])  # a saved submission's file stays
    assert delete_orphan_files() == 0
    assert delete_orphan_files(now=timezone.now() + datetime.timedelta(days=2)) == 1
    assert SubmissionFile.objects.count() == 1 and SubmissionFile.objects.get().submission is not None


def test_saving_too_often_is_a_clear_429_and_the_text_stays(member, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CURATION_SHARE_RATE = "2/m"
    client = csrf_client(member)
    share(client, title="Перша спроба практики")
    share(client, title="Друга спроба практики")
    response = share(client, title="Третя спроба практики")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Третя спроба практики" in html and ("зачекайте" in html.lower() or "wait a minute" in html)
    assert Submission.objects.count() == 2
    cache.clear()


def test_each_file_gets_a_description_used_as_the_image_s_alternative_text(member):
    client = csrf_client(member)
    share(client, images=[upload("фото.png", png_bytes(), "image/png")])
    submission = latest(member)
    item = submission.files.get()
    form = client.get(f"/curation/submissions/{submission.pk}/edit/").content.decode()
    assert f'name="file_description_{item.pk}"' in form and f'for="file-description-{item.pk}"' in form
    share(client, url=f"/curation/submissions/{submission.pk}/edit/", **{f"file_description_{item.pk}": "Молодь голосує в ЦНАПі\u200b"})
    item.refresh_from_db()
    assert item.description == "Молодь голосує в ЦНАПі"
    page = PracticePage.objects.get(pk=submission.page_id)
    image_block = [block for block in page.body if block.block_type == "image"][0]
    assert image_block.value["alt_text"] == "Молодь голосує в ЦНАПі"
