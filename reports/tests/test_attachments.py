"""Files attached to a half-yearly report: type and size checked, the unit's secretary only,
only while the report is a draft or returned; downloads scoped like the report itself."""
import io
import pathlib
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import rules
from reports.services import attachments, workflow
from reports.models import ReportAttachment, ReportStatus

YEAR, HALF = 2010, 1
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes(inner="word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(inner, "<w:document/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def stored_files(root) -> list:
    return [p for p in pathlib.Path(root).rglob("*") if p.is_file()]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.REPORT_ATTACHMENT_MAX_MB = 1
    return settings.MEDIA_ROOT


@pytest.fixture
def report(unit, unit_secretary):
    return workflow.report_open(unit=unit, year=YEAR, half=HALF, user=unit_secretary)


def add_url(report):
    return reverse("reports:attachment_add", kwargs={"pk": report.pk})


def refused(report, user, name, content) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        attachments.report_attachment_add(report=report, user=user, uploaded=upload(name, content))
    return exc.value


@pytest.mark.parametrize("name, content, content_type", [
    ("总结.pdf", PDF, "application/pdf"),
    ("photo.PNG", PNG, "image/png"),
    ("计划.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_good_files_are_attached(report, unit_secretary, media, name, content, content_type):
    attachment = attachments.report_attachment_add(report=report, user=unit_secretary, uploaded=upload(name, content))
    attachment.refresh_from_db()
    assert attachment.report == report and attachment.original_name == name
    assert attachment.size == len(content) and attachment.content_type == content_type
    assert attachment.uploaded_by == unit_secretary and attachment.file.name.startswith("reports/")
    assert pathlib.Path(attachment.file.path).read_bytes() == content
    assert list(report.attachments.all()) == [attachment]


@pytest.mark.parametrize("name, content, code", [
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 16, "type"),
    ("fake.pdf", b"MZ this is not a pdf", "content"),
    ("fake.png", PDF, "content"),
    ("notes.docx", b"PK\x03\x04 broken zip", "content"),
    ("sheet.xlsx", docx_bytes(), "content"),  # a zip, but a Word document inside
])
def test_wrong_type_refused_with_the_file_name_and_nothing_stored(report, unit_secretary, media, name, content,
                                                                  code, in_english):
    exc = refused(report, unit_secretary, name, content)
    assert exc.code == code
    assert name in exc.messages[0]
    expected = attachments.MSG_ATTACHMENT_TYPE if code == "type" else attachments.MSG_ATTACHMENT_CONTENT
    assert exc.messages[0] == str(expected) % exc.params
    assert not ReportAttachment.objects.exists() and stored_files(media) == []


def test_too_big_refused(report, unit_secretary, media, in_english):
    big = PDF + b"0" * (1024 * 1024)
    exc = refused(report, unit_secretary, "big.pdf", big)
    assert exc.code == "size" and "big.pdf" in exc.messages[0] and "at most 1 MB" in exc.messages[0]
    assert not ReportAttachment.objects.exists() and stored_files(media) == []


def test_upload_through_the_page_and_refusal_shown(client, report, unit_secretary, media, in_english):
    client.force_login(unit_secretary)
    response = client.post(add_url(report), {"file": upload("总结.pdf", PDF)})
    assert response.status_code == 302
    attachment = report.attachments.get()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "总结.pdf" in page and attachment.get_absolute_url() in page and 'data-testid="attachment-form"' in page
    assert reverse("reports:attachment_remove", kwargs={"pk": report.pk, "attachment_pk": attachment.pk}) in page

    response = client.post(add_url(report), {"file": upload("virus.exe", b"MZ")})
    assert response.status_code == 200
    assert "“virus.exe” cannot be attached" in response.content.decode()
    assert report.attachments.count() == 1


def test_submitted_report_refuses_uploads_and_removal_and_lists_read_only(client, report, unit_secretary,
                                                                          in_english):
    attachment = attachments.report_attachment_add(report=report, user=unit_secretary, uploaded=upload("a.pdf", PDF))
    workflow.report_update(report=report, user=unit_secretary, work_done="done", problems="", next_plans="")
    workflow.report_submit(report=report, user=unit_secretary)
    exc = refused(report, unit_secretary, "b.pdf", PDF)
    assert exc.code == "not_editable"
    with pytest.raises(ValidationError) as removal:
        attachments.report_attachment_remove(attachment=attachment, user=unit_secretary)
    assert removal.value.code == "not_editable"
    assert report.attachments.count() == 1

    client.force_login(unit_secretary)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "a.pdf" in page and 'data-testid="attachment-form"' not in page and "/remove/" not in page
    response = client.post(add_url(report), {"file": upload("c.pdf", PDF)})
    assert response.status_code == 200 and report.attachments.count() == 1
    assert str(rules.MSG_NOT_EDITABLE % {"status": ReportStatus.SUBMITTED.label}) in response.content.decode()


def test_returned_report_accepts_uploads_again(report, unit_secretary, county_staff):
    workflow.report_update(report=report, user=unit_secretary, work_done="done", problems="", next_plans="")
    workflow.report_submit(report=report, user=unit_secretary)
    workflow.report_return(report=report, user=county_staff, comment="attach the minutes")
    attachments.report_attachment_add(report=report, user=unit_secretary, uploaded=upload("minutes.pdf", PDF))
    assert report.attachments.count() == 1


def test_remove_deletes_row_and_file(client, report, unit_secretary, media, django_capture_on_commit_callbacks):
    attachment = attachments.report_attachment_add(report=report, user=unit_secretary, uploaded=upload("a.pdf", PDF))
    path = pathlib.Path(attachment.file.path)
    client.force_login(unit_secretary)
    url = reverse("reports:attachment_remove", kwargs={"pk": report.pk, "attachment_pk": attachment.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not report.attachments.exists() and not path.exists()


def test_other_unit_secretary_gets_404_and_cannot_upload_or_remove(client, report, unit_secretary, other_secretary):
    attachment = attachments.report_attachment_add(report=report, user=unit_secretary, uploaded=upload("a.pdf", PDF))
    client.force_login(other_secretary)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.post(add_url(report), {"file": upload("b.pdf", PDF)}).status_code == 404
    remove = reverse("reports:attachment_remove", kwargs={"pk": report.pk, "attachment_pk": attachment.pk})
    assert client.post(remove).status_code == 404
    exc = refused(report, other_secretary, "b.pdf", PDF)
    assert exc.code == "not_your_unit"
    assert list(report.attachments.all()) == [attachment]


def test_attachment_of_another_report_is_404_through_this_report(client, report, unit_secretary, other_unit,
                                                                  other_secretary):
    other = workflow.report_open(unit=other_unit, year=YEAR, half=HALF, user=other_secretary)
    foreign = attachments.report_attachment_add(report=other, user=other_secretary, uploaded=upload("x.pdf", PDF))
    client.force_login(unit_secretary)
    url = reverse("reports:attachment_download", kwargs={"pk": report.pk, "attachment_pk": foreign.pk})
    assert client.get(url).status_code == 404


def test_staff_download_but_cannot_upload(client, report, unit_secretary, county_staff):
    attachment = attachments.report_attachment_add(report=report, user=unit_secretary, uploaded=upload("总结.pdf", PDF))
    client.force_login(county_staff)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    page = client.get(report.get_absolute_url()).content.decode()
    assert "总结.pdf" in page and 'data-testid="attachment-form"' not in page and "/remove/" not in page
    response = client.post(add_url(report), {"file": upload("staff.pdf", PDF)})
    assert response.status_code == 200 and report.attachments.count() == 1
    exc = refused(report, county_staff, "staff.pdf", PDF)
    assert exc.code == "not_your_unit"
