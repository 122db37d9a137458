"""The scope of a compliance computation: the county, a township or a supervising unit.

A unit's scope is the view its secretary has of the registers, built from the very conditions of
the scoping selectors (``organization_scope_q``, ``party_org_scope_q``, ``member_scope_q``…), so a
secretary's dashboard, ``compute_compliance --unit`` and their lists always cover the same rows:
the unit's organizations, the party orgs it leads or that cover one of them, the members working
there or managed by it, the pipeline people working there, the officers and leaders listing one
of its organizations, and the unit itself.

A township's scope (county staff's drill-down) keeps the organizations of the township and the
rows that hang off them: party orgs covering one, members and pipeline people working in one,
officers and leaders listing one, and the units with an organization there.
"""
import dataclasses
from functools import cached_property

from django.db.models import Exists, OuterRef, Q, QuerySet

from common.scoping import sees_county, user_unit_id
from members.models import CountyLeader, Officer, PartyMember, PipelinePerson
from members.selectors import leader_scope_q, member_scope_q, officer_scope_q, pipeline_scope_q
from organizations.asof import covering
from organizations.models import Organization, PartyOrg, SupervisingUnit
from organizations.selectors import organization_scope_q, party_org_scope_q, unit_scope_q

OfficerOrgs = Officer.organizations.through
LeaderOrgs = CountyLeader.contact_points.through


@dataclasses.dataclass(frozen=True)
class Scope:
    """The county (no argument), a township (by name) or a supervising unit (by code; a unit given
    with a township is the unit's scope, as its snapshot is)."""

    township: str | None = None
    unit_code: str | None = None

    @classmethod
    def for_user(cls, user) -> "Scope":
        """What USER's dashboard covers: the county for county staff and admins, their own unit
        for a unit secretary."""
        if sees_county(user):
            return cls()
        unit_id = user_unit_id(user)
        code = SupervisingUnit.objects.filter(pk=unit_id).values_list("code", flat=True).first() if unit_id else None
        return cls(unit_code=code or "")

    @property
    def is_county(self) -> bool:
        return not self.township and not self.is_unit

    @property
    def is_unit(self) -> bool:
        return self.unit_code is not None

    @cached_property
    def unit_id(self) -> int | None:
        """The unit's primary key (None for an unknown code: the scope then holds nothing)."""
        if not self.is_unit:
            return None
        return SupervisingUnit.objects.filter(code=self.unit_code).values_list("pk", flat=True).first()

    def _unit(self, queryset: QuerySet, condition) -> QuerySet:
        return queryset.filter(condition(self.unit_id)) if self.unit_id else queryset.none()

    def organizations(self) -> QuerySet[Organization]:
        qs = Organization.objects.all()
        if self.is_unit:
            return self._unit(qs, organization_scope_q)
        return qs.filter(township=self.township) if self.township else qs

    def party_orgs(self) -> QuerySet[PartyOrg]:
        qs = PartyOrg.objects.all()
        if self.is_unit:
            return self._unit(qs, party_org_scope_q)
        return qs.filter(covering(self.organizations())) if self.township else qs

    def members(self) -> QuerySet[PartyMember]:
        qs = PartyMember.objects.all()
        if self.is_unit:
            return self._unit(qs, member_scope_q)
        return qs.filter(organization__in=self.organizations()) if self.township else qs

    def pipeline(self) -> QuerySet[PipelinePerson]:
        qs = PipelinePerson.objects.all()
        if self.is_unit:
            return self._unit(qs, pipeline_scope_q)
        return qs.filter(organization__in=self.organizations()) if self.township else qs

    def officers(self) -> QuerySet[Officer]:
        qs = Officer.objects.all()
        if self.is_unit:
            return self._unit(qs, officer_scope_q)
        if not self.township:
            return qs
        return qs.filter(Exists(OfficerOrgs.objects.filter(officer_id=OuterRef("pk"),
                                                           organization__in=self.organizations())))

    def leaders(self) -> QuerySet[CountyLeader]:
        qs = CountyLeader.objects.all()
        if self.is_unit:
            return self._unit(qs, leader_scope_q)
        if not self.township:
            return qs
        return qs.filter(Exists(LeaderOrgs.objects.filter(countyleader_id=OuterRef("pk"),
                                                          organization__in=self.organizations())))

    def units(self) -> QuerySet[SupervisingUnit]:
        qs = SupervisingUnit.objects.all()
        if self.is_unit:
            return self._unit(qs, unit_scope_q)
        if not self.township:
            return qs
        return qs.filter(Q(Exists(Organization.objects.filter(unit_id=OuterRef("pk"), township=self.township))))
