"""Register imports through the web: an uploaded register is checked first (a dry run, as a
Celery task), then imported when county staff confirm it (a second task, one transaction)."""
import contextlib
import datetime
import logging
import pathlib
import shutil
import tempfile
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.files import random_name
from common.queueing import cache_call, enqueue
from common.tasks import TRANSIENT_ERRORS
from targets.services import recompute_after_import

from .importing import register_import
from .models import ImportStatus, RegisterImport
from .schema import FILES

log = logging.getLogger(__name__)

MSG_UPLOAD_TYPE = _("Upload an Excel workbook (.xlsx) or a .zip of the register's CSV files.")
MSG_UPLOAD_SIZE = _("The file is %(size)s MB; at most %(limit)s MB can be uploaded.")
MSG_BAD_ZIP = _("The .zip file cannot be opened: %(reason)s")
MSG_ZIP_EMPTY = _("The .zip file holds none of the register's files (%(names)s).")
MSG_ZIP_TOO_BIG = _("The .zip file unpacks to more than %(limit)s MB.")
MSG_UPLOAD_EMPTY = _("The uploaded register file is empty.")
MSG_UPLOAD_NOT_WORKBOOK = _("The file is not a real Excel workbook (.xlsx): its content does not match its extension.")
MSG_ZIP_CSV_NOT_TEXT = _("“%(name)s” in the .zip file is not a CSV text file: save the sheet as “CSV UTF-8”.")
MSG_ZIP_DUPLICATE = _("The .zip file holds “%(name)s” more than once (%(paths)s): keep only one of them.")
MSG_STALLED = _("No sign of progress for %(minutes)s minutes: the task was lost (a worker or the server stopped "
                "during it). Nothing was written; retry it or cancel it.")
MSG_CANNOT_RETRY = _("Only a failed check or import can be retried.")
MSG_CANNOT_CANCEL = _("This import cannot be cancelled: it is running, or it has already ended.")
MSG_NOT_CHECKED = _("Only a register that passed its check can be imported.")
MSG_CHECK_NOT_QUEUED = _("The file was stored, but its check could not be queued: the task queue is unreachable. "
                         "Please upload it again later.")
MSG_IMPORT_NOT_QUEUED = _("The import could not be queued: the task queue is unreachable. Nothing was changed; "
                          "please confirm the import again later.")
MSG_CHECK_CRASHED = _("The check stopped because of an unexpected error (%(error)s). Please tell the administrator.")
MSG_IMPORT_CRASHED = _("The import stopped because of an unexpected error (%(error)s); nothing was written. "
                       "Please tell the administrator.")
MSG_IMPORT_GAVE_UP = _("The import failed several times because the database or a service was unreachable "
                       "(%(error)s); nothing was written. Please confirm it again later.")

def stall_minutes() -> int:
    return settings.TASK_STALL_MINUTES


def upload_limit() -> int:
    return settings.REGISTER_IMPORT_MAX_MB


def progress_key(pk: int) -> str:
    return f"register-import:{pk}:progress"


def register_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The register's CSV files in a zip (found in any folder of it), checked: at least one, each
    name once, not unpacking to more than ten times the upload limit."""
    wanted = {spec.filename for spec in FILES}
    members = [m for m in archive.infolist() if not m.is_dir() and pathlib.PurePath(m.filename).name in wanted]
    if not members:
        raise ValidationError(MSG_ZIP_EMPTY, code="type", params={"names": "、".join(sorted(wanted))})
    by_name: dict[str, list[str]] = {}
    for member in members:
        by_name.setdefault(pathlib.PurePath(member.filename).name, []).append(member.filename)
    for name, paths in sorted(by_name.items()):
        if len(paths) > 1:
            raise ValidationError(MSG_ZIP_DUPLICATE, code="duplicate", params={"name": name, "paths": "、".join(paths)})
    limit = 10 * upload_limit() * 1024 * 1024
    if sum(m.file_size for m in members) > limit:
        raise ValidationError(MSG_ZIP_TOO_BIG, code="size", params={"limit": limit // 1024 // 1024})
    return members


def validate_register_upload(uploaded) -> None:
    """Refuse what is not a workbook or a zip of the register's CSV files (by its extension and
    its content), or is too large, before anything is stored."""
    name = uploaded.name.lower()
    if not name.endswith((".xlsx", ".zip")):
        raise ValidationError(MSG_UPLOAD_TYPE, code="type")
    if not uploaded.size:
        raise ValidationError(MSG_UPLOAD_EMPTY, code="empty")
    if uploaded.size > upload_limit() * 1024 * 1024:
        raise ValidationError(MSG_UPLOAD_SIZE, code="size",
                              params={"size": round(uploaded.size / 1024 / 1024, 1), "limit": upload_limit()})
    uploaded.seek(0)
    head = uploaded.read(4)
    uploaded.seek(0)
    if head != b"PK\x03\x04":  # both .xlsx and .zip are zip archives
        raise ValidationError(MSG_UPLOAD_TYPE, code="type")
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
            if name.endswith(".xlsx"):
                if "xl/workbook.xml" not in names:
                    raise ValidationError(MSG_UPLOAD_NOT_WORKBOOK, code="type")
            else:
                for member in register_members(archive):  # a CSV file is text: no NUL byte, not another archive
                    with archive.open(member) as inner:
                        start = inner.read(4096)
                    if b"\x00" in start or start.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
                        raise ValidationError(MSG_ZIP_CSV_NOT_TEXT, code="type",
                                              params={"name": pathlib.PurePath(member.filename).name})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError) as exc:  # corrupt, encrypted or oddly compressed archives
        raise ValidationError(MSG_BAD_ZIP, code="type", params={"reason": exc}) from exc
    finally:
        uploaded.seek(0)


@transaction.atomic
def register_upload(*, user, uploaded) -> RegisterImport:
    """Store an uploaded register and queue its check (a dry run)."""
    validate_register_upload(uploaded)
    record = RegisterImport(uploaded_by=user, original_name=pathlib.Path(uploaded.name).name[:255],
                            queued_at=timezone.now())
    record.file.save(random_name(uploaded.name), uploaded, save=False)  # the name it is stored under says nothing
    record.save()
    _queue_check(record)
    return record


def _queue_check(record: RegisterImport) -> None:
    from .tasks import check_register_import

    def not_queued():
        RegisterImport.objects.filter(pk=record.pk, status=ImportStatus.CHECKING).update(
            status=ImportStatus.INVALID, checked=_message_result(str(MSG_CHECK_NOT_QUEUED)),
            finished_at=timezone.now())

    transaction.on_commit(lambda: enqueue(check_register_import, args=(record.pk,), message=MSG_CHECK_NOT_QUEUED,
                                          on_failure=not_queued))


@contextlib.contextmanager
def materialized(record: RegisterImport):
    """The path the importer reads: the workbook itself, or a folder with the zip's CSV files."""
    path = pathlib.Path(record.file.path)
    if path.suffix.lower() == ".xlsx":
        yield path
        return
    folder = pathlib.Path(tempfile.mkdtemp(prefix="register-"))
    try:
        try:
            with zipfile.ZipFile(path) as archive:
                for member in register_members(archive):  # only the known names, flattened: nothing can escape the folder
                    with archive.open(member) as source, \
                            open(folder / pathlib.PurePath(member.filename).name, "wb") as out:
                        shutil.copyfileobj(source, out)
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
            raise ValidationError(MSG_BAD_ZIP, params={"reason": exc}) from exc
        yield folder  # an error of the import itself is not the zip's: it reaches the caller as it is
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _progress(record):
    """The task's heartbeat: the file and rows it has reached, and when. It lives in the cache
    (shared by every process): the record itself is locked by the running task's transaction,
    whose writes nobody sees before it ends."""
    def report(file_name: str, rows: int):
        cache_call("set", progress_key(record.pk),
                   {"file": file_name, "rows": rows, "at": timezone.now().timestamp()}, 3600)
    return report


def last_sign_of_life(record: RegisterImport):
    """The latest of: when its task was queued, and its last heartbeat."""
    moments = [record.queued_at or record.uploaded_at]
    beat = cache_call("get", progress_key(record.pk))
    if isinstance(beat, dict) and isinstance(beat.get("at"), (int, float)):
        moments.append(datetime.datetime.fromtimestamp(beat["at"], tz=datetime.timezone.utc))
    return max(m for m in moments if m is not None)


def _stall_limit():
    """Before this moment, the last sign of life of a check or import in progress means it was lost."""
    return timezone.now() - datetime.timedelta(minutes=stall_minutes())


def register_imports_fail_stalled(*, queryset=None) -> int:
    """Mark failed, with the reason, every check or import in progress that has shown no sign of
    life for TASK_STALL_MINUTES. A task still running holds its record's row lock
    (PostgreSQL), so it is never taken for stalled, however slow; the lock of a killed worker goes
    with its connection. Returns how many were marked. Nothing of the register is touched: a lost
    import wrote nothing (one transaction)."""
    queryset = RegisterImport.objects.all() if queryset is None else queryset
    limit = _stall_limit()
    candidates = list(queryset.filter(status__in=(ImportStatus.CHECKING, ImportStatus.IMPORTING),
                                      queued_at__lt=limit).values_list("pk", flat=True))
    marked = 0
    for pk in candidates:
        with transaction.atomic():
            record = RegisterImport.objects.select_for_update(skip_locked=True).filter(
                pk=pk, status__in=(ImportStatus.CHECKING, ImportStatus.IMPORTING)).first()
            if record is None or last_sign_of_life(record) >= limit:
                continue  # running (locked), ended meanwhile, or alive
            outcome = _message_result(str(MSG_STALLED % {"minutes": stall_minutes()}))
            if record.status == ImportStatus.CHECKING:
                record.checked = outcome
            else:
                record.result = outcome
            record.status = ImportStatus.FAILED
            record.finished_at = timezone.now()
            record.save(update_fields=["checked", "result", "status", "finished_at"])
            marked += 1
        log.warning("register import %s showed no progress for %s minutes: marked failed", pk, stall_minutes())
    return marked


def register_import_retry(*, record: RegisterImport, user) -> RegisterImport:
    """Queue again a failed check (or a failed import of a register that passed its check)."""
    with transaction.atomic():
        locked = RegisterImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != ImportStatus.FAILED:
            raise ValidationError(MSG_CANNOT_RETRY, code="not_failed")
        passed_check = bool(locked.checked.get("ok"))
        locked.result, locked.finished_at, locked.queued_at = {}, None, timezone.now()
        if passed_check:
            locked.status = ImportStatus.CHECKED
            locked.save(update_fields=["result", "finished_at", "queued_at", "status"])
        else:
            locked.status, locked.checked = ImportStatus.CHECKING, {}
            locked.save(update_fields=["result", "finished_at", "queued_at", "status", "checked"])
    cache_call("delete", progress_key(locked.pk))
    if passed_check:
        return register_import_confirm(record=locked, user=user)
    _queue_check(locked)
    return locked


def register_import_cancel(*, record: RegisterImport, user) -> RegisterImport:
    """Give up an import that is not running: waiting for confirmation, failed, or stalled (its
    task lost). A running one (its row locked by the task) is refused."""
    with transaction.atomic():
        locked = RegisterImport.objects.select_for_update(skip_locked=True).filter(pk=record.pk).first()
        cancellable = (ImportStatus.CHECKED, ImportStatus.FAILED, ImportStatus.CHECKING, ImportStatus.IMPORTING)
        if locked is None or locked.status not in cancellable:
            raise ValidationError(MSG_CANNOT_CANCEL, code="not_cancellable")
        if locked.in_progress and last_sign_of_life(locked) >= _stall_limit():
            raise ValidationError(MSG_CANNOT_CANCEL, code="running")
        locked.status, locked.finished_at = ImportStatus.CANCELLED, timezone.now()
        locked.save(update_fields=["status", "finished_at"])
    log.info("register import %s cancelled by %s", locked.pk, user)
    return locked


def _message_result(message: str) -> dict:
    return {"ok": False, "dry_run": True, "counts": {},
            "errors": [{"file": "", "row": None, "column": None, "message": message}]}


def _error_text(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def _error_result(exc: ValidationError) -> dict:
    return {"ok": False, "dry_run": True, "counts": {},
            "errors": [{"file": "", "row": None, "column": None, "message": m} for m in exc.messages]}


def register_import_check(*, record: RegisterImport) -> RegisterImport:
    """Run the dry run of an uploaded register and keep its errors or counts. Only a register
    waiting for its check is checked: a second run (a task delivered twice) changes nothing."""
    # The record stays locked while it is checked: a second run waits and then finds it checked,
    # and the lock tells register_imports_fail_stalled that the check is alive.
    with transaction.atomic():
        locked = RegisterImport.objects.select_for_update().filter(pk=record.pk, status=ImportStatus.CHECKING).first()
        if locked is None:
            record.refresh_from_db()
            log.info("register import %s was checked meanwhile by another run", record.pk)
            return record
        beat = _progress(locked)
        beat("", 0)
        try:
            with materialized(locked) as path:
                result = register_import(path, dry_run=True, progress=beat).as_dict()
        except ValidationError as exc:
            result = _error_result(exc)
        except TRANSIENT_ERRORS:
            raise  # the task retries
        except Exception as exc:  # a bug or a time limit: say so on the page instead of checking forever
            log.exception("the check of register import %s failed", record.pk)
            result = _message_result(str(MSG_CHECK_CRASHED % {"error": _error_text(exc)}))
        locked.checked, locked.finished_at = result, timezone.now()
        locked.status = ImportStatus.CHECKED if result["ok"] else ImportStatus.INVALID
        locked.save(update_fields=["checked", "status", "finished_at"])
    cache_call("delete", progress_key(record.pk))
    return locked


def register_import_confirm(*, record: RegisterImport, user) -> RegisterImport:
    """Queue the import of a register that passed its check."""
    with transaction.atomic():
        locked = RegisterImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != ImportStatus.CHECKED:
            raise ValidationError(MSG_NOT_CHECKED, code="not_checked")
        locked.status, locked.queued_at = ImportStatus.IMPORTING, timezone.now()
        locked.save(update_fields=["status", "queued_at"])
        from .tasks import apply_register_import

        def not_queued():
            RegisterImport.objects.filter(pk=locked.pk, status=ImportStatus.IMPORTING).update(
                status=ImportStatus.CHECKED)

        transaction.on_commit(lambda: enqueue(apply_register_import, args=(locked.pk, user.pk if user else None),
                                              message=MSG_IMPORT_NOT_QUEUED, on_failure=not_queued))
    return locked


def register_import_apply(*, record: RegisterImport, user=None) -> RegisterImport:
    """Import the register for real (one transaction); any error leaves the database as it was.

    The record is locked for the whole import and only a confirmed import ("importing") runs, so
    a task delivered twice (acks_late, a lost worker) imports once. A transient error (the
    database restarting) rolls everything back and propagates for the task to retry; any other
    error rolls the register back and marks the import failed with the reason."""
    with transaction.atomic():
        record = RegisterImport.objects.select_for_update().get(pk=record.pk)
        if record.status != ImportStatus.IMPORTING:
            return record
        beat = _progress(record)
        beat("", 0)
        try:
            with transaction.atomic(), materialized(record) as path:
                result = register_import(path, user=user, progress=beat).as_dict()
        except ValidationError as exc:
            result = _error_result(exc)
        except TRANSIENT_ERRORS:
            raise
        except Exception as exc:
            log.exception("register import %s failed", record.pk)
            result = _message_result(str(MSG_IMPORT_CRASHED % {"error": _error_text(exc)}))
        record.result = result
        record.status = ImportStatus.DONE if result["ok"] else ImportStatus.FAILED
        record.finished_at = timezone.now()
        record.save(update_fields=["result", "status", "finished_at"])
        if result["ok"]:
            recompute_after_import()
    cache_call("delete", progress_key(record.pk))
    return record


def register_import_give_up(*, import_id: int, exc: Exception) -> None:
    """The import task ran out of retries on transient errors: mark it failed (nothing was written)."""
    RegisterImport.objects.filter(pk=import_id, status=ImportStatus.IMPORTING).update(
        status=ImportStatus.FAILED, finished_at=timezone.now(),
        result=_message_result(str(MSG_IMPORT_GAVE_UP % {"error": _error_text(exc)})))
