"""Files members upload with a practice: the type is told by the content, never by the name, and images are
re-encoded so that what the camera wrote into them (place, device, author) is not published."""

import io
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Collection, CollectionViewRestriction

from cop.members.models import EDITOR_GROUP, MODERATOR_GROUP

MAX_DOCUMENT_SIZE = getattr(settings, "CURATION_MAX_DOCUMENT_SIZE", 10 * 1024 * 1024)
MAX_IMAGE_SIZE = getattr(settings, "CURATION_MAX_IMAGE_SIZE", 5 * 1024 * 1024)
MAX_IMAGE_PIXELS = 40_000_000
MAX_FILES = 10
SUBMISSIONS_COLLECTION = "Надіслані практики (на розгляді)"

ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}


@dataclass
class Checked:
    content: bytes
    extension: str
    is_image: bool
    width: int = 0
    height: int = 0


def _read(upload, limit):
    if upload.size is not None and upload.size > limit:
        raise ValidationError(_too_big(upload.name, limit))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_too_big(upload.name, limit))
    if not data:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name})
    return data


def _too_big(name, limit):
    return _("“%(name)s” is too large: at most %(size)d MB.") % {"name": name, "size": limit // (1024 * 1024)}


def _office_type(data):
    """DOCX, XLSX, ODT or ODS by their zip structure; None for any other zip (or a broken one)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if names and names[0] == "mimetype":
            return ODF_TYPES.get(archive.read("mimetype").strip())
        if "[Content_Types].xml" in names:
            for part, extension in OOXML_PARTS.items():
                if part in names:
                    return extension
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, ValueError):
        return None
    return None


def check_document(upload):
    """A PDF, DOCX, ODT, XLSX or ODS within the size limit, or a ValidationError saying what is wrong."""
    data = _read(upload, MAX_DOCUMENT_SIZE)
    extension = None
    if data.startswith(b"%PDF-"):
        extension = "pdf"
    elif data.startswith(b"PK\x03\x04"):
        extension = _office_type(data)
    if extension is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, DOCX, ODT, XLSX or ODS document.") % {"name": upload.name}
        )
    return Checked(content=data, extension=extension, is_image=False)


def check_image(upload):
    """A PNG or JPEG within the limits, re-encoded without its metadata, or a ValidationError."""
    from PIL import Image, UnidentifiedImageError

    data = _read(upload, MAX_IMAGE_SIZE)
    not_an_image = ValidationError(_("“%(name)s” is not a PNG or JPEG image.") % {"name": upload.name})
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise not_an_image
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("PNG", "JPEG"):
                raise not_an_image
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("“%(name)s” has too many pixels.") % {"name": upload.name})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            fmt = image.format
            # Only the pixels are kept: EXIF (GPS, camera), XMP, comments and text chunks are left behind.
            if fmt == "JPEG":
                clean = image.convert("RGB")
                out = io.BytesIO()
                clean.save(out, "JPEG", quality=90, optimize=True)
                extension = "jpg"
            else:
                mode = image.mode if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA") else "RGBA"
                clean = image.convert(mode)
                clean.info = {}
                out = io.BytesIO()
                clean.save(out, "PNG", optimize=True)
                extension = "png"
            width, height = clean.size
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image
    return Checked(content=out.getvalue(), extension=extension, is_image=True, width=width, height=height)


def stored_name(original_name, extension):
    """A name that cannot be guessed (media files may be served as they are) and ends as its content says."""
    base = slugify(original_name.rsplit(".", 1)[0], allow_unicode=False)[:40] or "file"
    return f"{uuid.uuid4().hex[:12]}-{base}.{extension}"


def title_from(original_name):
    return (original_name.rsplit(".", 1)[0] or original_name)[:200]


def submissions_collection():
    """Where submitted files wait for publication: readable by moderators and editors only, so a submission's
    files never reach the public, nor other members, before the practice is published."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=SUBMISSIONS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=SUBMISSIONS_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS,
        )
        restriction.groups.set(Group.objects.filter(name__in=[MODERATOR_GROUP, EDITOR_GROUP]))
    return collection


def save_upload(checked, *, original_name, user, collection):
    """The checked file as a Wagtail document or image in `collection`."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    name = stored_name(original_name, checked.extension)
    if checked.is_image:
        item = get_image_model()(title=title_from(original_name), collection=collection, uploaded_by_user=user)
        item.file.save(name, ContentFile(checked.content), save=False)
        item.width, item.height = checked.width, checked.height
        item.save()
    else:
        item = get_document_model()(title=title_from(original_name), collection=collection, uploaded_by_user=user)
        item.file.save(name, ContentFile(checked.content), save=False)
        item.save()
    return item
