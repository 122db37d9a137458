import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import SearchFilterSet, YearFilter
from organizations.models import LeadershipMember

from .models import CountyLeader, Officer, PartyMember, PipelinePerson, TrainingRecord


class MemberFilter(SearchFilterSet):
    search_fields = ("name", "member_id", "organization__name", "organization__credit_code")

    class Meta:
        model = PartyMember
        fields = ["q", "gender", "relation_transferred", "discovered_via"]


class PipelineFilter(SearchFilterSet):
    search_fields = ("name", "person_id", "organization__name", "organization__credit_code")
    union_or_league_head = django_filters.BooleanFilter(label=_("Key candidate (union or youth-league head)"))

    class Meta:
        model = PipelinePerson
        fields = ["q", "stage", "union_or_league_head"]


class OfficerFilter(SearchFilterSet):
    search_fields = ("name", "officer_id", "home_unit")

    class Meta:
        model = Officer
        fields = ["q", "role"]


class CountyLeaderFilter(SearchFilterSet):
    search_fields = ("name", "leader_id", "title")

    class Meta:
        model = CountyLeader
        fields = ["q"]


class TrainingFilter(SearchFilterSet):
    search_fields = ("trainee_name", "party_org__name", "party_org__code", "note")
    year = YearFilter(label=_("year"))

    class Meta:
        model = TrainingRecord
        fields = ["q", "year", "kind"]


class SecretaryFilter(SearchFilterSet):
    search_fields = ("name", "party_org__name", "party_org__code")

    class Meta:
        model = LeadershipMember
        fields = ["q"]
