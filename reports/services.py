"""Writes of the reports app: register imports through the web (check, then confirm)."""
import contextlib
import logging
import pathlib
import shutil
import tempfile
import zipfile

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ImportStatus, RegisterImport
from .register.importing import register_import
from .register.schema import FILES

log = logging.getLogger(__name__)

MSG_UPLOAD_TYPE = _("Upload an Excel workbook (.xlsx) or a .zip of the register's CSV files.")
MSG_UPLOAD_SIZE = _("The file is %(size)s MB; at most %(limit)s MB can be uploaded.")
MSG_BAD_ZIP = _("The .zip file cannot be opened: %(reason)s")
MSG_ZIP_EMPTY = _("The .zip file holds none of the register's files (%(names)s).")
MSG_ZIP_TOO_BIG = _("The .zip file unpacks to more than %(limit)s MB.")
MSG_NOT_CHECKED = _("Only a register that passed its check can be imported.")


def upload_limit() -> int:
    return getattr(settings, "REGISTER_UPLOAD_MAX_MB", 100)


def progress_key(pk: int) -> str:
    return f"register-import:{pk}:progress"


def validate_register_upload(uploaded) -> None:
    """Refuse what is not a workbook or a zip, or is too large, before anything is stored."""
    name = uploaded.name.lower()
    if not name.endswith((".xlsx", ".zip")):
        raise ValidationError(MSG_UPLOAD_TYPE, code="type")
    if uploaded.size > upload_limit() * 1024 * 1024:
        raise ValidationError(MSG_UPLOAD_SIZE, code="size",
                              params={"size": round(uploaded.size / 1024 / 1024, 1), "limit": upload_limit()})
    head = uploaded.read(4)
    uploaded.seek(0)
    if head[:2] != b"PK":  # both .xlsx and .zip are zip archives
        raise ValidationError(MSG_UPLOAD_TYPE, code="type")


@transaction.atomic
def register_upload(*, user, uploaded) -> RegisterImport:
    """Store an uploaded register and queue its check (a dry run)."""
    validate_register_upload(uploaded)
    record = RegisterImport(uploaded_by=user, original_name=pathlib.Path(uploaded.name).name[:255])
    record.file.save(uploaded.name, uploaded, save=False)
    record.save()
    from .tasks import check_register_import

    transaction.on_commit(lambda: check_register_import.delay(record.pk))
    return record


@contextlib.contextmanager
def materialized(record: RegisterImport):
    """The path the importer reads: the workbook itself, or a folder with the zip's CSV files."""
    path = pathlib.Path(record.file.path)
    if path.suffix.lower() == ".xlsx":
        yield path
        return
    folder = pathlib.Path(tempfile.mkdtemp(prefix="register-"))
    try:
        wanted = {spec.filename for spec in FILES}
        limit = 10 * upload_limit() * 1024 * 1024
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and pathlib.PurePath(m.filename).name in wanted]
            if not members:
                raise ValidationError(MSG_ZIP_EMPTY, params={"names": "、".join(sorted(wanted))})
            if sum(m.file_size for m in members) > limit:
                raise ValidationError(MSG_ZIP_TOO_BIG, params={"limit": limit // 1024 // 1024})
            for member in members:  # only the known names, flattened: nothing can escape the folder
                with archive.open(member) as source, open(folder / pathlib.PurePath(member.filename).name, "wb") as out:
                    shutil.copyfileobj(source, out)
        yield folder
    except zipfile.BadZipFile as exc:
        raise ValidationError(MSG_BAD_ZIP, params={"reason": exc}) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _progress(record):
    def report(file_name: str, rows: int):
        cache.set(progress_key(record.pk), {"file": file_name, "rows": rows}, 3600)
    return report


def _error_result(exc: ValidationError) -> dict:
    return {"ok": False, "dry_run": True, "counts": {},
            "errors": [{"file": "", "row": None, "column": None, "message": m} for m in exc.messages]}


def register_import_check(*, record: RegisterImport) -> RegisterImport:
    """Run the dry run of an uploaded register and keep its errors or counts."""
    try:
        with materialized(record) as path:
            result = register_import(path, dry_run=True, progress=_progress(record)).as_dict()
    except ValidationError as exc:
        result = _error_result(exc)
    record.checked = result
    record.status = ImportStatus.CHECKED if result["ok"] else ImportStatus.INVALID
    record.finished_at = timezone.now()
    record.save(update_fields=["checked", "status", "finished_at"])
    cache.delete(progress_key(record.pk))
    return record


def register_import_confirm(*, record: RegisterImport, user) -> RegisterImport:
    """Queue the import of a register that passed its check."""
    with transaction.atomic():
        locked = RegisterImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != ImportStatus.CHECKED:
            raise ValidationError(MSG_NOT_CHECKED, code="not_checked")
        locked.status = ImportStatus.IMPORTING
        locked.save(update_fields=["status"])
        from .tasks import apply_register_import

        transaction.on_commit(lambda: apply_register_import.delay(locked.pk, user.pk if user else None))
    return locked


def register_import_apply(*, record: RegisterImport, user=None) -> RegisterImport:
    """Import the register for real (one transaction); any error leaves the database as it was."""
    from targets.services import recompute_after_import

    try:
        with materialized(record) as path:
            result = register_import(path, user=user, progress=_progress(record)).as_dict()
    except ValidationError as exc:
        result = _error_result(exc)
    record.result = result
    record.status = ImportStatus.DONE if result["ok"] else ImportStatus.FAILED
    record.finished_at = timezone.now()
    record.save(update_fields=["result", "status", "finished_at"])
    cache.delete(progress_key(record.pk))
    if result["ok"]:
        recompute_after_import()
    return record
