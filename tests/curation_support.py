"""Helpers for the curation tests: a CSRF-enforcing client, the share form's data, files built by content."""

import io
import zipfile

from django.test import Client

from curation.models import Submission

FIELDS = {
    "title": "Бюджет участі для молоді громади",
    "summary": "Молодь громади сама обирала проєкти, на які йшла частина бюджету.",
    "body": "## Як це було\n\nМолодь **голосувала** онлайн і офлайн за проєкти громади.",
    "outcomes": "Реалізовано *12* проєктів.",
    "context": "regular",
    "tags": "молодь, бюджет участі",
    "contact_name": "Олена Петренко",
    "contact_role": "Спеціалістка",
    "contact_email": "olena@example.org",
}


def csrf_client(user=None):
    """A client that enforces CSRF like a browser session: it GETs a form first and sends the token back."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def token(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return client.cookies["csrftoken"].value


def post(client, url, data=None, *, form_url=None):
    data = dict(data or {})
    data["csrfmiddlewaretoken"] = token(client, form_url or url)
    return client.post(url, data)


def share(client, action="save", url="/curation/share/", **fields):
    data = {**FIELDS, **fields, "action": action}
    data = {key: value for key, value in data.items() if value is not None}
    return post(client, url, data)


def latest(author):
    return Submission.objects.filter(author=author).select_related("page").latest("pk")


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def ods_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def jpeg_with_exif():
    from PIL import Image

    image = Image.new("RGB", (8, 8), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x013B] = "Іван Секретний"  # Artist
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def png_bytes():
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Іван Секретний")
    buffer = io.BytesIO()
    Image.new("RGB", (6, 6), (200, 30, 30)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def add_submissions(w):
    """Submissions for the security suite: a draft and one in review, both by w.author (none of the five roles)."""
    from curation import services

    data = {"title": "Чернетка учасника (безпека)", "summary": "Ще ніде не показано.", "body": "Секретний опис чернетки.",
            "context": "regular", "tags": ["безпека"]}
    w.submission_draft = services.submission_save(author=w.author, data=data)
    data = {**data, "title": "Надіслана практика (безпека)", "body": "Опис практики, що чекає на розгляд."}
    w.submission_in_review = services.submission_save(author=w.author, data=data, submit=True)


# Markers of the leak matrix (tests/test_security_leaks.py): none is part of another marker there.
SUBMITTED_DRAFT = "lkipodanachernetka"
IN_REVIEW = "lkjnarozghliadi"
SUBMITTED_FILE = "lkkpodanyifail"
LEAK_MARKERS = [SUBMITTED_DRAFT, IN_REVIEW, SUBMITTED_FILE]


def add_leak_submissions(w, shared):
    """For the leak matrix: a member's draft practice and one in review with a document, by w.author (none of
    the five roles), in w.theme and tagged like the public things, so every listing and search could show them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from curation import files as submission_files
    from curation import services

    def data(title):
        return {"title": f"{title} {shared}", "summary": f"{title}: {shared}.", "body": f"{title} {shared}",
                "context": "regular", "tags": ["безпека"], "themes": [w.theme]}

    w.submission_draft = services.submission_save(author=w.author, data=data(f"Подана чернетка {SUBMITTED_DRAFT}"))
    checked = submission_files.check_document(SimpleUploadedFile("f.pdf", pdf_bytes()))
    stored = services.store_uploads(user=w.author, checked_uploads=[(checked, f"Файл {SUBMITTED_FILE} {shared}.pdf", False)])
    w.submission_in_review = services.submission_save(
        author=w.author, data=data(f"На розгляді {IN_REVIEW}"), file_ids=[item.pk for item in stored], submit=True,
    )
    w.submitted_document = stored[0].document


def submission_preview(w):
    return [f"/curation/submissions/{w.submission_draft.pk}/preview/", f"/curation/submissions/{w.submission_in_review.pk}/preview/"]


def submission_pages(submission):
    return [submission.page.url, f"/curation/submissions/{submission.pk}/", f"/curation/submissions/{submission.pk}/edit/"]


def moderators_desk(w):
    return ["/moderation/", f"/moderation/submissions/{w.submission_in_review.pk}/"]
