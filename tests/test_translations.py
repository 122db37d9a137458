"""Chinese is complete and compiled; English can be chosen."""
import pathlib

import polib
import pytest
from django.conf import settings
from django.urls import reverse

LOCALE = pathlib.Path(settings.BASE_DIR) / "locale"


@pytest.fixture(scope="module")
def zh_po():
    return polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))


def test_every_message_has_a_chinese_translation(zh_po):
    missing = [e.msgid for e in zh_po.untranslated_entries()] + [e.msgid for e in zh_po.fuzzy_entries()]
    assert missing == []


def test_compiled_catalogue_matches_the_po_file(zh_po):
    """The committed .mo must be compiled from the committed .po (compilemessages after editing)."""
    mo = polib.mofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    stale = [
        e.msgid for e in zh_po.translated_entries()
        if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
    ]
    assert stale == []


def test_pages_speak_chinese_by_default(client, county_staff):
    client.force_login(county_staff)
    page = client.get(reverse("targets:home")).content.decode()
    assert "全县概况" in page
    assert "退出登录" in page


def test_english_can_be_chosen(client, county_staff):
    client.force_login(county_staff)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("targets:home")})
    assert response.status_code == 302
    page = client.get(reverse("targets:home")).content.decode()
    assert "Overview of the county" in page
    assert "全县概况" not in page


def test_model_choices_are_translated(db):
    from django.utils import translation

    from organizations.models import PartyOrgForm

    with translation.override("zh-hans"):
        assert str(PartyOrgForm.JOINT.label) == "联合组建"
    with translation.override("en"):
        assert str(PartyOrgForm.JOINT.label) == "Joint"
