import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.services import user_upsert
from organizations.models import SupervisingUnit


def generated_password(user: User) -> str:
    """A random password that passes every validator for USER (one with their username in it, by
    chance, is drawn again)."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


class Command(BaseCommand):
    help = "Add a user of the portal with a role (or bring an existing one to that role)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", help="code of the supervising unit (unit secretaries only)")
        parser.add_argument("--password", help="the password; a strong one is generated and printed when omitted")

    def handle(self, *args, username, role, unit, password, **options):
        unit_obj = None
        if unit:
            unit_obj = SupervisingUnit.objects.filter(code=unit).first()
            if unit_obj is None:
                raise CommandError(_("There is no supervising unit with the code “%(value)s”.") % {"value": unit})
        generated = password is None
        if generated:
            password = generated_password(User(username=username))
        else:
            try:
                validate_password(password, User(username=username))
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        try:
            user, created = user_upsert(username=username, role=role, unit=unit_obj, password=password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        message = _("User “%(username)s” created as %(role)s.") if created else \
            _("User “%(username)s” updated to %(role)s.")
        self.stdout.write(message % {"username": user.username, "role": user.get_role_display()})
        if generated:
            self.stdout.write(_("Password: %(password)s") % {"password": password})
