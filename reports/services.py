"""Writes of the reports app: the half-yearly report cycle (open, edit, submit, return, accept)
and register imports through the web (check, then confirm)."""
import contextlib
import logging
import pathlib
import shutil
import tempfile
import uuid
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from common.queueing import cache_call, enqueue
from config.celery import TRANSIENT_ERRORS
from organizations.selectors import user_unit_id

from . import rules
from .models import (
    Half,
    HalfYearReport,
    ImportStatus,
    RegisterImport,
    ReminderLog,
    ReportAttachment,
    ReportStatus,
    ReportVersion,
)
from .register.importing import register_import
from .register.schema import FILES

log = logging.getLogger(__name__)

MSG_UPLOAD_TYPE = _("Upload an Excel workbook (.xlsx) or a .zip of the register's CSV files.")
MSG_UPLOAD_SIZE = _("The file is %(size)s MB; at most %(limit)s MB can be uploaded.")
MSG_BAD_ZIP = _("The .zip file cannot be opened: %(reason)s")
MSG_ZIP_EMPTY = _("The .zip file holds none of the register's files (%(names)s).")
MSG_ZIP_TOO_BIG = _("The .zip file unpacks to more than %(limit)s MB.")
MSG_UPLOAD_EMPTY = _("The uploaded register file is empty.")
MSG_UPLOAD_NOT_WORKBOOK = _("The file is not a real Excel workbook (.xlsx): its content does not match its extension.")
MSG_ZIP_CSV_NOT_TEXT = _("“%(name)s” in the .zip file is not a CSV text file: save the sheet as “CSV UTF-8”.")
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


# -- half-yearly reports --------------------------------------------------------------------
def report_figures(*, unit, year: int, half: int) -> dict:
    """The unit's figures at the period's end: from the frozen snapshot of that day when it
    exists, else computed now as of that day. New members are those admitted within the half-year;
    activists are counted as the engine counts them (pipeline_activist_at: activists and
    candidates whose activist_since is on or before the last day)."""
    from targets.compliance import Scope, compute_compliance, pipeline_activist_at
    from targets.models import ScopeKind, SnapshotScope
    from targets.services import summary_of

    end = rules.period_end(year, half)
    scope = Scope(unit_code=unit.code)
    frozen = SnapshotScope.objects.filter(snapshot__as_of=end, snapshot__frozen=True, kind=ScopeKind.UNIT,
                                          key=unit.code).first()
    if frozen:
        summary, source = frozen.summary or summary_of(frozen.document), "snapshot"
    else:
        summary, source = summary_of(compute_compliance(as_of=end, scope=scope)), "computed"
    start = rules.period_start(year, half)
    activists = scope.pipeline().filter(pipeline_activist_at(end))
    return {
        "as_of": end.isoformat(),
        "source": source,
        "baseline": summary["baseline"],
        "new_members": scope.members().filter(joined_on__gte=start, joined_on__lte=end).count(),
        "activists": activists.count(),
        "targets": summary["targets"],
    }


def _require_secretary_of(user, unit_id: int) -> None:
    if not user_unit_id(user) or user_unit_id(user) != unit_id:
        raise ValidationError(rules.MSG_NOT_YOUR_UNIT, code="not_your_unit")


def _locked(report: HalfYearReport) -> HalfYearReport:
    return HalfYearReport.objects.select_for_update().get(pk=report.pk)


def _status_error(message, report: HalfYearReport, code: str) -> ValidationError:
    return ValidationError(message, code=code, params={"status": report.get_status_display()})


@transaction.atomic
def report_open(*, unit, year: int, half: int, user) -> HalfYearReport:
    """The unit's report for an ended half-year, created (with its figures frozen) on first opening."""
    if not user_unit_id(user):
        raise ValidationError(rules.MSG_NO_UNIT, code="no_unit")
    _require_secretary_of(user, unit.pk)
    if not rules.period_ended(year, half, timezone.localdate()):
        raise ValidationError({"period": rules.MSG_PERIOD_NOT_ENDED}, code="period_not_ended")
    existing = HalfYearReport.objects.filter(unit=unit, year=year, half=half).first()
    if existing:
        return existing
    report = HalfYearReport(unit=unit, year=year, half=half, status=ReportStatus.DRAFT,
                            figures=report_figures(unit=unit, year=year, half=half))
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_update(*, report: HalfYearReport, user, work_done: str, problems: str, next_plans: str) -> HalfYearReport:
    """The secretary edits the narrative while the report is a draft or returned."""
    report = _locked(report)
    _require_secretary_of(user, report.unit_id)
    if report.status not in rules.EDITABLE:
        raise _status_error(rules.MSG_NOT_EDITABLE, report, "not_editable")
    report.work_done, report.problems, report.next_plans = work_done, problems, next_plans
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_submit(*, report: HalfYearReport, user) -> HalfYearReport:
    """Draft or returned → submitted; the submitted text is kept as a new version."""
    report = _locked(report)
    _require_secretary_of(user, report.unit_id)
    if report.status not in rules.EDITABLE:
        raise _status_error(rules.MSG_NOT_SUBMITTABLE, report, "not_submittable")
    if not any(getattr(report, name).strip() for name in rules.NARRATIVE_FIELDS):
        raise ValidationError(rules.MSG_NARRATIVE_REQUIRED, code="narrative_required")
    report.status = ReportStatus.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), user
    report.full_clean()
    report.save()
    number = report.versions.count() + 1
    version = ReportVersion(report=report, number=number, work_done=report.work_done, problems=report.problems,
                            next_plans=report.next_plans, figures=report.figures,
                            submitted_at=report.submitted_at, submitted_by=user)
    version.full_clean()
    version.save()
    return report


def _review(report: HalfYearReport, *, user, status: str, comment: str) -> HalfYearReport:
    report = _locked(report)
    if not getattr(user, "sees_whole_county", False):
        raise ValidationError(rules.MSG_STAFF_ONLY, code="staff_only")
    if report.status != ReportStatus.SUBMITTED:
        raise _status_error(rules.MSG_NOT_SUBMITTED, report, "not_submitted")
    report.status = status
    report.reviewed_at, report.reviewed_by, report.review_comment = timezone.now(), user, comment
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_return(*, report: HalfYearReport, user, comment: str) -> HalfYearReport:
    """Staff send a submitted report back with a comment; the unit edits and resubmits it."""
    if not comment.strip():
        raise ValidationError({"comment": rules.MSG_COMMENT_REQUIRED}, code="comment_required")
    return _review(report, user=user, status=ReportStatus.RETURNED, comment=comment.strip())


@transaction.atomic
def report_accept(*, report: HalfYearReport, user, comment: str = "") -> HalfYearReport:
    """Staff accept a submitted report (an optional comment)."""
    return _review(report, user=user, status=ReportStatus.ACCEPTED, comment=comment.strip())


# -- attachments of a report ----------------------------------------------------------------
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
    report = _locked(report)
    _require_secretary_of(user, report.unit_id)
    if report.status not in rules.EDITABLE:
        raise _status_error(rules.MSG_NOT_EDITABLE, report, "not_editable")
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
    attachment.file.save(f"{uuid.uuid4().hex}{pathlib.PurePath(name.lower()).suffix}", uploaded, save=False)
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


# -- reminders -------------------------------------------------------------------------------
REMINDER_DAYS_BEFORE = 3  # remind from this many days before the due date, and every day after it
REMINDER_PERIODS = 2  # how many of the latest ended half-years are chased
MSG_REMINDER_SUBJECT = _("Half-yearly report of %(unit)s for %(period)s: due on %(due)s")
MSG_REMINDER_DUE_SOON = _(
    "The half-yearly report of %(unit)s for %(period)s is due on %(due)s and has not been submitted yet."
)
MSG_REMINDER_OVERDUE = _(
    "The half-yearly report of %(unit)s for %(period)s was due on %(due)s and has not been submitted: "
    "it is overdue."
)
MSG_REMINDER_ACTION = _("Please open the report in the party-building portal, complete it and submit it.")
MSG_PERIOD = _("%(year)s %(half)s")


def _reminder_message(*, user, unit, year: int, half: int, due, today) -> tuple:
    params = {"unit": unit.name, "period": MSG_PERIOD % {"year": year, "half": Half(half).label},
              "due": due.isoformat()}
    state = MSG_REMINDER_OVERDUE if due < today else MSG_REMINDER_DUE_SOON
    body = f"{state % params}\n\n{MSG_REMINDER_ACTION}\n"
    return str(MSG_REMINDER_SUBJECT % params), body, settings.DEFAULT_FROM_EMAIL, [user.email]


@transaction.atomic
def report_reminders_send(*, today) -> int:
    """Mail the secretaries (with an email address) of every unit whose report for a recently
    ended half-year is due within REMINDER_DAYS_BEFORE days or overdue and is neither submitted
    nor accepted (no report opened yet, a draft, or returned): at most once a day per secretary
    and report. The mails are in the default language. Returns the number of mails sent."""
    from accounts.models import Role, User
    from organizations.models import SupervisingUnit

    messages, logs = [], []
    for year, half in rules.ended_periods(today, count=REMINDER_PERIODS):
        due = rules.due_date(year, half)
        if (due - today).days > REMINDER_DAYS_BEFORE:
            continue
        filed = HalfYearReport.objects.filter(unit=OuterRef("unit"), year=year, half=half,
                                              status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED))
        reminded = ReminderLog.objects.filter(user=OuterRef("pk"), unit=OuterRef("unit"), year=year, half=half,
                                              sent_on=today)
        secretaries = (User.objects.filter(role=Role.UNIT_SECRETARY, is_active=True, unit__isnull=False)
                       .exclude(email="").filter(~Exists(filed), ~Exists(reminded))
                       .select_related("unit").order_by("unit__code", "pk"))
        with translation.override(settings.LANGUAGE_CODE):
            for user in secretaries:
                messages.append(_reminder_message(user=user, unit=user.unit, year=year, half=half, due=due,
                                                  today=today))
                logs.append(ReminderLog(user=user, unit=user.unit, year=year, half=half, sent_on=today))
    # The log is written first, in the same transaction: a concurrent run fails on the unique
    # constraint instead of mailing twice, and a mail failure rolls the log back for a retry.
    ReminderLog.objects.bulk_create(logs)
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    log.info("report reminders sent on %s: %s", today, sent)
    return sent


# -- register imports ------------------------------------------------------------------------
def upload_limit() -> int:
    return settings.REGISTER_IMPORT_MAX_MB


def progress_key(pk: int) -> str:
    return f"register-import:{pk}:progress"


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
                wanted = {spec.filename for spec in FILES}
                members = [m for m in archive.infolist()
                           if not m.is_dir() and pathlib.PurePath(m.filename).name in wanted]
                if not members:
                    raise ValidationError(MSG_ZIP_EMPTY, code="type", params={"names": "、".join(sorted(wanted))})
                limit = 10 * upload_limit() * 1024 * 1024
                if sum(m.file_size for m in members) > limit:
                    raise ValidationError(MSG_ZIP_TOO_BIG, code="size", params={"limit": limit // 1024 // 1024})
                for member in members:  # a CSV file is text: no NUL byte, not another archive
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
    record = RegisterImport(uploaded_by=user, original_name=pathlib.Path(uploaded.name).name[:255])
    record.file.save(uploaded.name, uploaded, save=False)
    record.save()
    from .tasks import check_register_import

    def not_queued():
        RegisterImport.objects.filter(pk=record.pk, status=ImportStatus.CHECKING).update(
            status=ImportStatus.INVALID, checked=_message_result(str(MSG_CHECK_NOT_QUEUED)),
            finished_at=timezone.now())

    transaction.on_commit(lambda: enqueue(check_register_import, args=(record.pk,), message=MSG_CHECK_NOT_QUEUED,
                                          on_failure=not_queued))
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
        try:
            wanted = {spec.filename for spec in FILES}
            limit = 10 * upload_limit() * 1024 * 1024
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist()
                           if not m.is_dir() and pathlib.PurePath(m.filename).name in wanted]
                if not members:
                    raise ValidationError(MSG_ZIP_EMPTY, params={"names": "、".join(sorted(wanted))})
                if sum(m.file_size for m in members) > limit:
                    raise ValidationError(MSG_ZIP_TOO_BIG, params={"limit": limit // 1024 // 1024})
                for member in members:  # only the known names, flattened: nothing can escape the folder
                    with archive.open(member) as source, \
                            open(folder / pathlib.PurePath(member.filename).name, "wb") as out:
                        shutil.copyfileobj(source, out)
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
            raise ValidationError(MSG_BAD_ZIP, params={"reason": exc}) from exc
        yield folder  # an error of the import itself is not the zip's: it reaches the caller as it is
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _progress(record):
    def report(file_name: str, rows: int):
        cache_call("set", progress_key(record.pk), {"file": file_name, "rows": rows}, 3600)
    return report


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
    if record.status != ImportStatus.CHECKING:
        return record
    try:
        with materialized(record) as path:
            result = register_import(path, dry_run=True, progress=_progress(record)).as_dict()
    except ValidationError as exc:
        result = _error_result(exc)
    except TRANSIENT_ERRORS:
        raise  # the task retries
    except Exception as exc:  # a bug or a time limit: say so on the page instead of checking forever
        log.exception("the check of register import %s failed", record.pk)
        result = _message_result(str(MSG_CHECK_CRASHED % {"error": _error_text(exc)}))
    updated = RegisterImport.objects.filter(pk=record.pk, status=ImportStatus.CHECKING).update(
        checked=result, status=ImportStatus.CHECKED if result["ok"] else ImportStatus.INVALID,
        finished_at=timezone.now())
    cache_call("delete", progress_key(record.pk))
    record.refresh_from_db()
    if not updated:
        log.info("register import %s was checked meanwhile by another run", record.pk)
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
    from targets.services import recompute_after_import

    with transaction.atomic():
        record = RegisterImport.objects.select_for_update().get(pk=record.pk)
        if record.status != ImportStatus.IMPORTING:
            return record
        try:
            with transaction.atomic(), materialized(record) as path:
                result = register_import(path, user=user, progress=_progress(record)).as_dict()
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
