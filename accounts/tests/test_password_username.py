"""A password containing the username (any case) is refused on every path that sets one: the
validator, add_user, the admin's add-user and change-password pages, a user's own password
change and the password reset."""
import io
import re

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.management.commands.add_user import generated_password
from accounts.models import Role, User
from accounts.tests.factories import PASSWORD, UserFactory
from accounts.validators import MSG_PASSWORD_CONTAINS_USERNAME



def message() -> str:
    """The refusal in the language active now (tests run in English or in Chinese)."""
    return str(MSG_PASSWORD_CONTAINS_USERNAME)

# Each refused for the user sec-T04: long enough, not common, not numeric, and (but for the
# username twice) not similar enough to the username for Django's own similarity check.
CONTAINING = ["sec-T04sec-T04", "SEC-t04!Harbour-77", "my-sec-t04-Lantern9", "Lantern9-Sec-T04"]


@pytest.mark.parametrize("password", CONTAINING)
def test_the_validator_refuses_the_username_anywhere_in_any_case(db, in_english, password):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, User(username="sec-T04"))
    assert message() in exc.value.messages


def test_the_username_twice_was_what_the_similarity_check_let_through(db):
    from django.contrib.auth.password_validation import UserAttributeSimilarityValidator

    UserAttributeSimilarityValidator().validate("sec-T04sec-T04", User(username="sec-T04"))  # passes it


@pytest.mark.parametrize(("username", "password"), [("sec-T04", "Harbour-Lantern-77"), ("li", "olive-limbo-2010"),
                                                     ("county", "correct-horse-battery")])
def test_a_password_without_the_username_passes(db, username, password):
    validate_password(password, User(username=username))  # a two-letter username is not looked for


def test_the_rule_is_among_the_help_texts(db, in_english):
    from django.contrib.auth.password_validation import password_validators_help_texts

    assert "Your password can’t contain your username." in password_validators_help_texts()


@pytest.mark.parametrize("password", CONTAINING)
def test_add_user_refuses_it_for_a_new_user(db, in_english, password):
    with pytest.raises(CommandError, match=re.escape(message())):
        call_command("add_user", "sec-T04", "--role", "county_staff", "--password", password, stdout=io.StringIO())
    assert not User.objects.filter(username="sec-T04").exists()


def test_add_user_refuses_it_for_an_existing_user(db, in_english):
    user = UserFactory(username="sec-T04")
    with pytest.raises(CommandError, match=re.escape(message())):
        call_command("add_user", "sec-T04", "--role", "county_staff", "--password", "sec-T04sec-T04",
                     stdout=io.StringIO())
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_generated_password_never_contains_the_username(db, monkeypatch):
    drawn = iter(["xxsec-T04xxxxxxx", "Harbour-Lantern-77"])
    monkeypatch.setattr("accounts.management.commands.add_user.secrets.token_urlsafe", lambda n: next(drawn))
    assert generated_password(User(username="sec-T04")) == "Harbour-Lantern-77"


def test_the_admin_add_user_page_refuses_it(client, admin_user, in_english):
    client.force_login(admin_user)
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "sec-T04", "usable_password": "true", "password1": "sec-T04sec-T04",
        "password2": "sec-T04sec-T04", "role": Role.COUNTY_STAFF})
    assert response.status_code == 200
    assert message() in response.content.decode()
    assert not User.objects.filter(username="sec-T04").exists()


def test_the_admin_change_password_page_refuses_it(client, admin_user, in_english):
    user = UserFactory(username="sec-T04")
    client.force_login(admin_user)
    response = client.post(reverse("admin:auth_user_password_change", args=[user.pk]),
                           {"usable_password": "true", "password1": "SEC-t04!Harbour-77",
                            "password2": "SEC-t04!Harbour-77"})
    assert response.status_code == 200
    assert message() in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_users_own_password_change_refuses_it(client, db, in_english):
    user = UserFactory(username="sec-T04")
    client.force_login(user)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "sec-T04sec-T04", "new_password2": "sec-T04sec-T04"})
    assert response.status_code == 200
    assert message() in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_password_reset_refuses_it(db, in_english):
    user = UserFactory(username="sec-T04")
    form = SetPasswordForm(user, {"new_password1": "my-sec-t04-Lantern9", "new_password2": "my-sec-t04-Lantern9"})
    assert not form.is_valid()
    assert message() in form.errors["new_password2"]
