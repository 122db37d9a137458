"""Users of the portal and their role: county staff, unit secretary or admin."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_STAFF = "county_staff", _("County staff")
    UNIT_SECRETARY = "unit_secretary", _("Unit secretary")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COUNTY_STAFF)
    unit = models.ForeignKey(
        "organizations.SupervisingUnit",
        verbose_name=_("supervising unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Required for unit secretaries: the only unit whose data they see."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.UNIT_SECRETARY) | Q(unit__isnull=False),
                name="user_secretary_has_unit",
                violation_error_message=_("A unit secretary must be tied to a supervising unit."),
            ),
        ]

    @property
    def sees_whole_county(self) -> bool:
        """County staff and admins see every unit's data; secretaries only their unit's."""
        return self.is_active and (self.is_superuser or self.role in (Role.COUNTY_STAFF, Role.ADMIN))

    @property
    def is_unit_secretary(self) -> bool:
        return self.is_active and not self.is_superuser and self.role == Role.UNIT_SECRETARY

    @property
    def is_county_staff(self) -> bool:
        return self.is_active and self.role == Role.COUNTY_STAFF
