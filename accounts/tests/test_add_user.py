import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from accounts.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(*args):
    from io import StringIO
    out = StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


def test_county_staff_with_a_generated_password(capsys):
    output = run("li.ming", "--role", "county_staff")
    user = User.objects.get(username="li.ming")
    assert user.role == Role.COUNTY_STAFF and not user.is_superuser
    password = output.split("Password: ")[1].strip()
    assert len(password) >= 16 and user.check_password(password)
    assert "created" in output


def test_unit_secretary_tied_to_the_unit(unit):
    run("sec-x", "--role", "unit_secretary", "--unit", unit.code, "--password", "Dangjian-2010-ok")
    user = User.objects.get(username="sec-x")
    assert (user.role, user.unit) == (Role.UNIT_SECRETARY, unit)
    assert user.check_password("Dangjian-2010-ok")


def test_admin_is_superuser_and_staff():
    run("root2", "--role", "admin", "--password", "Dangjian-2010-ok")
    user = User.objects.get(username="root2")
    assert user.is_superuser and user.is_staff


def test_secretary_needs_a_unit():
    with pytest.raises(CommandError, match="must be tied to a supervising unit"):
        run("sec-y", "--role", "unit_secretary", "--password", "Dangjian-2010-ok")
    assert not User.objects.filter(username="sec-y").exists()


def test_unknown_unit_is_named():
    with pytest.raises(CommandError, match="“NOPE”"):
        run("sec-y", "--role", "unit_secretary", "--unit", "NOPE")


def test_unit_only_for_secretaries(unit):
    with pytest.raises(CommandError, match="Only a unit secretary"):
        run("zhang", "--role", "county_staff", "--unit", unit.code)


def test_weak_password_is_refused():
    with pytest.raises(CommandError, match="too short|too common|entirely numeric"):
        run("zhang", "--role", "county_staff", "--password", "123")
    assert not User.objects.filter(username="zhang").exists()


def test_running_again_updates_the_user(unit):
    run("wang", "--role", "county_staff", "--password", "Dangjian-2010-ok")
    output = run("wang", "--role", "unit_secretary", "--unit", unit.code, "--password", "Dangjian-2011-ok")
    assert "updated" in output
    user = User.objects.get(username="wang")
    assert (user.role, user.unit) == (Role.UNIT_SECRETARY, unit)
    assert user.check_password("Dangjian-2011-ok")
    assert User.objects.filter(username="wang").count() == 1
