"""Uploaded files: which kinds are accepted, how big, and where they are kept.

A file is accepted only when its first bytes are what its extension claims (a
renamed executable is not a PDF). Files are stored under a random name in a
folder outside the web root (``PUTOKAZ_ATTACHMENTS_DIR``) and leave it only
through a view that checks the reader's rights.
"""

import hashlib
import logging
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.core.signals import setting_changed
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]
    label: str


PDF = FileKind("application/pdf", (".pdf",), "PDF")
JPEG = FileKind("image/jpeg", (".jpg", ".jpeg"), "JPEG")
PNG = FileKind("image/png", (".png",), "PNG")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "DOCX"
)
ODT = FileKind("application/vnd.oasis.opendocument.text", (".odt",), "ODT")
KINDS = (PDF, JPEG, PNG, DOCX, ODT)


def accepted_extensions() -> str:
    """The accepted extensions, for the file input's ``accept`` and the help text."""
    return ",".join(ext for kind in KINDS for ext in kind.extensions)


def max_size() -> int:
    return int(settings.PUTOKAZ_MAX_UPLOAD_MB) * 1024 * 1024


def _zip_names(handle: IO[bytes]) -> set[str]:
    try:
        with zipfile.ZipFile(handle) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()


def _content_matches(kind: FileKind, handle: IO[bytes]) -> bool:
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    if kind is PDF:
        return head.startswith(b"%PDF-")
    if kind is JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if kind is PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if not head.startswith(b"PK\x03\x04"):
        return False
    names = _zip_names(handle)
    handle.seek(0)
    if kind is DOCX:
        return "[Content_Types].xml" in names and "word/document.xml" in names
    return "mimetype" in names and "content.xml" in names


def check_upload(upload: UploadedFile) -> FileKind:
    """The kind of ``upload``, or a translated :class:`ValidationError` saying what is wrong."""
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    kind = next((k for k in KINDS if extension in k.extensions), None)
    if kind is None:
        raise ValidationError(
            _("Files of this kind cannot be attached. Attach a %(kinds)s file.")
            % {"kinds": ", ".join(k.label for k in KINDS)},
            code="file_kind",
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if size > max_size():
        raise ValidationError(
            _("The file is %(size)s MB; at most %(limit)s MB can be attached.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": settings.PUTOKAZ_MAX_UPLOAD_MB},
            code="file_size",
        )
    if upload.file is None or not _content_matches(kind, upload.file):
        raise ValidationError(
            _("The content of the file is not %(kind)s, whatever its name says.")
            % {"kind": kind.label},
            code="file_content",
        )
    return kind


def clean_filename(name: str) -> str:
    """A file name safe to show and to send back: no folders, no control characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(
        c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C"
    )
    return base.strip()[:200] or "file"


class _AttachmentStorage(LazyObject):
    """The ``attachments`` storage of settings.STORAGES, looked up when first used (and again
    after the setting changes, as tests do)."""

    def _setup(self) -> None:
        self._wrapped = storages["attachments"]


_attachments = _AttachmentStorage()


@receiver(setting_changed)
def _forget_storage(*, setting: str, **kwargs: object) -> None:
    if setting == "STORAGES":
        _attachments._wrapped = empty  # type: ignore[assignment]


def attachment_storage() -> Storage:
    """The storage of attachments (a callable, so that migrations name it, not its folder)."""
    return cast(Storage, _attachments)


def store(upload: UploadedFile, folder: str) -> tuple[str, str]:
    """Save ``upload`` under a random name in ``folder``; its stored name and SHA-256."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    today = timezone.localdate()
    extension = PurePath(upload.name or "").suffix.lower()
    name = f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}{extension}"
    stored = _attachments.save(name, upload)
    return stored, digest.hexdigest()


def download(file: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download that no browser runs or caches; a 404 that says so when
    the file is missing from the storage (and an error in the log for the administrators)."""
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        logger.error("Stored file %s is missing", file.name)
        raise Http404(
            _("The file of this document is missing. Tell your system administrator.")
        ) from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
