"""The moderation workflow: an editor submits a practice, a moderator approves it, it goes live."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from knowledge.models import PracticePage

from .knowledge_factories import library

pytestmark = pytest.mark.django_db


def _submit_new_practice(client, title="Карантинні сесії ради"):
    add_url = reverse("wagtailadmin_pages:add", args=["knowledge", "practicepage", library().pk])
    form = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    form.update(
        nested_form_data(
            {
                "title": title,
                "slug": "karantynni-sesii",
                "summary": "Ради засідали дистанційно.",
                "body": streamfield([("paragraph", rich_text("<p>Як це працювало.</p>"))]),
            }
        )
    )
    form["action-submit"] = "submit"
    return client.post(add_url, form)


def test_editor_submits_and_moderator_approves(client, editor, moderator):
    client.force_login(editor)
    response = _submit_new_practice(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    practice = PracticePage.objects.get(slug="karantynni-sesii")
    assert not practice.live
    state = WorkflowState.objects.get(object_id=str(practice.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Moderator approval"
    # The draft is not public while it waits.
    client.logout()
    assert client.get(f"/praktyky/{practice.slug}/").status_code == 404

    client.force_login(moderator)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[practice.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": "Перевірено"})
    assert response.status_code in (200, 302)
    practice.refresh_from_db()
    state.refresh_from_db()
    assert practice.live
    assert state.status == WorkflowState.STATUS_APPROVED
    client.logout()
    assert "Карантинні сесії ради" in client.get(f"/praktyky/{practice.slug}/").content.decode()


def test_editor_cannot_approve_own_submission(client, editor):
    client.force_login(editor)
    _submit_new_practice(client)
    practice = PracticePage.objects.get(slug="karantynni-sesii")
    task_state = WorkflowState.objects.get(object_id=str(practice.pk)).current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[practice.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code in (302, 403)
    practice.refresh_from_db()
    assert not practice.live


def test_editor_cannot_publish_directly(client, editor):
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=["knowledge", "practicepage", library().pk])
    form = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    form.update(nested_form_data({"title": "Пряма публікація", "slug": "priama", "summary": "x",
                                  "body": streamfield([("paragraph", rich_text("<p>x</p>"))])}))
    form["action-publish"] = "publish"
    client.post(add_url, form)
    practice = PracticePage.objects.filter(slug="priama").first()
    assert practice is None or not practice.live


def test_members_and_applicants_have_no_admin(client, member, pending_member):
    for user in (member, pending_member):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"].startswith("/admin/login/")


def test_dashboard_lists_practices_past_review_date(client, editor):
    import datetime
    from .knowledge_factories import make_practice

    make_practice("Застаріла практика", slug="stara", review_by=datetime.date(2021, 1, 1), keeper=editor)
    make_practice("Свіжа практика", slug="svizha", review_by=datetime.date(2099, 1, 1))
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Застаріла практика" in html
    assert "Свіжа практика" not in html


def test_editors_can_translate_pages(editor, moderator, member):
    assert editor.has_perm("simple_translation.submit_translation")
    assert moderator.has_perm("simple_translation.submit_translation")
    assert not member.has_perm("simple_translation.submit_translation")


def test_scheduled_publishing_goes_live_when_due():
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from .knowledge_factories import make_practice

    practice = make_practice("Запланована практика", slug="zaplanovana", publish=False)
    revision = practice.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    practice.refresh_from_db()
    assert not practice.live
    call_command("publish_scheduled")
    practice.refresh_from_db()
    assert practice.live
    assert practice.live_revision == revision
