"""Files a unit attaches to its report: checked by extension, content and size before anything
is stored, kept under a random name."""
import pathlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.files import random_name

from .. import rules
from ..models import HalfYearReport, ReportAttachment
from .workflow import locked_report, require_secretary_of, status_error


MSG_ATTACHMENT_TYPE = _(
    "“%(name)s” cannot be attached: attach a PDF, an image (PNG, JPEG), a Word document (.doc, .docx) "
    "or an Excel workbook (.xls, .xlsx)."
)
MSG_ATTACHMENT_CONTENT = _("“%(name)s” is not a real %(kind)s file: its content does not match its extension.")
MSG_ATTACHMENT_SIZE = _("“%(name)s” is %(size)s MB; at most %(limit)s MB can be attached.")
MSG_ATTACHMENT_EMPTY = _("“%(name)s” is empty.")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension → (kind named in messages, content type served, magic bytes or the zip's required inner part)
ATTACHMENT_TYPES = {
    ".pdf": ("PDF", "application/pdf", b"%PDF-"),
    ".png": ("PNG", "image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("JPEG", "image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("JPEG", "image/jpeg", b"\xff\xd8\xff"),
    ".doc": ("Word", "application/msword", _OLE_MAGIC),
    ".xls": ("Excel", "application/vnd.ms-excel", _OLE_MAGIC),
    ".docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "word/document.xml"),
    ".xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/workbook.xml"),
}
ATTACHMENT_ACCEPT = ",".join(ATTACHMENT_TYPES)  # for the file input's accept attribute


def attachment_limit() -> int:
    return getattr(settings, "REPORT_ATTACHMENT_MAX_MB", 10)


def _zip_has(uploaded, inner: str) -> bool:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return inner in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded.seek(0)


def validate_report_attachment(uploaded) -> str:
    """Refuse a file of another type (by its extension and its first bytes) or too large, before
    anything is stored; return the content type it is served with."""
    name = pathlib.PurePath(uploaded.name).name
    spec = ATTACHMENT_TYPES.get(pathlib.PurePath(name.lower()).suffix)
    if spec is None:
        raise ValidationError(MSG_ATTACHMENT_TYPE, code="type", params={"name": name})
    kind, content_type, signature = spec
    if not uploaded.size:
        raise ValidationError(MSG_ATTACHMENT_EMPTY, code="empty", params={"name": name})
    if uploaded.size > attachment_limit() * 1024 * 1024:
        raise ValidationError(MSG_ATTACHMENT_SIZE, code="size", params={
            "name": name, "size": round(uploaded.size / 1024 / 1024, 1), "limit": attachment_limit()})
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if isinstance(signature, bytes):
        ok = head.startswith(signature)
    else:  # .docx and .xlsx are zip archives holding their main part
        ok = head.startswith(b"PK\x03\x04") and _zip_has(uploaded, signature)
    if not ok:
        raise ValidationError(MSG_ATTACHMENT_CONTENT, code="content", params={"name": name, "kind": kind})
    return content_type


def _require_attachable(report: HalfYearReport, user) -> HalfYearReport:
    report = locked_report(report)
    require_secretary_of(user, report.unit_id)
    if report.status not in rules.EDITABLE:
        raise status_error(rules.MSG_NOT_EDITABLE, report, "not_editable")
    return report


@transaction.atomic
def report_attachment_add(*, report: HalfYearReport, user, uploaded) -> ReportAttachment:
    """The unit's secretary attaches a checked file to a draft or returned report."""
    report = _require_attachable(report, user)
    content_type = validate_report_attachment(uploaded)
    name = pathlib.PurePath(uploaded.name).name
    attachment = ReportAttachment(report=report, original_name=name[:255], size=uploaded.size,
                                  content_type=content_type, uploaded_by=user)
    # Stored under a random name: the original one (any script, any length) is kept in the row.
    attachment.file.save(random_name(name), uploaded, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def report_attachment_remove(*, attachment: ReportAttachment, user) -> None:
    """The unit's secretary removes an attachment from a draft or returned report."""
    _require_attachable(attachment.report, user)
    storage, stored = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
