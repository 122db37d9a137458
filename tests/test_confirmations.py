"""Every form that sends a destructive or irreversible action asks first: it (or its submit button)
carries data-confirm, the message static/js/portal.js shows in the confirmation dialog.

The pages are those of the access-matrix dataset (tests/urlmatrix.py), opened by T01's secretary and
by county staff, with the records put in the states that show each action's form. A form whose
action, or a submit button's formaction, is one of DESTRUCTIVE must ask; and each of DESTRUCTIVE
must be found on some page, so that a form nobody renders cannot pass unseen.
"""
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from .test_permission_matrix import EXPECTED, url_of
from .urlmatrix import build_dataset

# The URL names whose POST removes, withdraws, decides or writes for good.
DESTRUCTIVE = {
    "organizations:demosite_withdraw",
    "organizations:leadership_remove",
    "organizations:changerequest_review",
    "organizations:assessment_confirm",
    "members:partymember_relation_transferred",
    "reports:halfyearreport_submit",
    "reports:halfyearreport_accept",
    "reports:halfyearreport_return",
    "reports:attachment_remove",
    "register:register_import_confirm",
    "register:register_import_cancel",
}


class Forms(HTMLParser):
    """The POST forms of a page: their action, data-confirm and submit buttons (formaction, data-confirm)."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url, self.forms, self.current = page_url, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = {"action": attrs.get("action") or self.page_url, "confirm": attrs.get("data-confirm"),
                            "buttons": []}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("button", "input") \
                and (attrs.get("type") or ("submit" if tag == "button" else "")) == "submit":
            self.current["buttons"].append({"action": attrs.get("formaction"), "confirm": attrs.get("data-confirm"),
                                            "label": attrs.get("value") or attrs.get("name") or tag})

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def url_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def unconfirmed_actions(page_url, html):
    """(URL name, what) of each destructive submission on the page that does not ask, and the
    destructive URL names found on it."""
    parser = Forms(page_url)
    parser.feed(html)
    missing, found = [], set()
    for form in parser.forms:
        buttons = form["buttons"] or [{"action": None, "confirm": None, "label": "(implicit submission)"}]
        for button in buttons:
            name = url_name(button["action"] or form["action"])
            if name in DESTRUCTIVE:
                found.add(name)
                message = button["confirm"] or form["confirm"]
                if not (message and message.strip()):
                    missing.append((name, button["label"]))
    return missing, found


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def scan(client, users, data):
    """Every page of EXPECTED each of USERS may open: the unconfirmed destructive submissions, by page."""
    missing, found = {}, set()
    for user in users:
        client.force_login(user)
        for name in sorted(EXPECTED):
            url = url_of(name, data)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            gaps, seen = unconfirmed_actions(url, response.content.decode())
            found |= seen
            if gaps:
                missing[f"{user.username} {url}"] = gaps
    return missing, found


def test_every_destructive_form_asks_for_confirmation(client, unit, unit_secretary, county_staff):
    from register.models import ImportStatus, RegisterImport
    from reports.models import ReportStatus

    data = build_dataset(unit, secretary=unit_secretary, staff=county_staff)
    party_org = data["party_org"]
    party_org.demo_level, party_org.demo_year = "county", 2010
    party_org.save()
    RegisterImport.objects.filter(pk=data["register_import"].pk).update(
        status=ImportStatus.CHECKED,
        checked={"ok": True, "counts": {"organizations": {"added": 12, "updated": 3, "unchanged": 0}}})

    # a draft report: the secretary may submit it and remove its attachment
    missing, found = scan(client, [unit_secretary, county_staff], data)
    # a submitted report: county staff may accept or return it
    report = data["report"]
    report.status, report.submitted_at = ReportStatus.SUBMITTED, report.created_at
    report.save()
    more_missing, more_found = scan(client, [county_staff], data)
    missing.update(more_missing)
    found |= more_found

    assert missing == {}, "destructive forms without data-confirm: the first click must ask"
    assert found == DESTRUCTIVE, f"not rendered by the dataset, so not checked: {sorted(DESTRUCTIVE - found)}"


def test_the_scan_sees_a_form_that_does_not_ask():
    html = ('<form method="post" action="/reports/1/attachments/2/remove/"><button type="submit">x</button></form>'
            '<form method="post" action="/reports/1/attachments/3/remove/" data-confirm="Remove?">'
            '<button type="submit">y</button></form>')
    missing, found = unconfirmed_actions("/reports/1/", html)
    assert found == {"reports:attachment_remove"}
    assert missing == [("reports:attachment_remove", "button")]
