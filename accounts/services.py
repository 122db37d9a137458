"""Creating and updating users with a role."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from organizations.models import SupervisingUnit

from .models import Role, User

MSG_SECRETARY_NEEDS_UNIT = _("A unit secretary must be tied to a supervising unit: give its code.")
MSG_UNIT_ONLY_FOR_SECRETARY = _("Only a unit secretary is tied to a supervising unit.")


@transaction.atomic
def user_upsert(*, username: str, role: str, unit: SupervisingUnit | None = None,
                password: str | None = None, **fields) -> tuple[User, bool]:
    """Create the user, or bring an existing one to this role, unit and password."""
    if role == Role.UNIT_SECRETARY and unit is None:
        raise ValidationError({"unit": ValidationError(MSG_SECRETARY_NEEDS_UNIT, code="secretary_needs_unit")})
    if role != Role.UNIT_SECRETARY and unit is not None:
        raise ValidationError({"unit": ValidationError(MSG_UNIT_ONLY_FOR_SECRETARY, code="unit_only_for_secretary")})
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    user.role = role
    user.unit = unit
    user.is_superuser = user.is_staff = role == Role.ADMIN
    for name, value in fields.items():
        setattr(user, name, value)
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user, created
