import datetime

import factory

from organizations.models import ActivityRecord, FiveGoodsAssessment, LeadershipMember, Organization, PartyOrg
from organizations.models import SupervisingUnit
from organizations.validators import credit_code_check_char


def make_credit_code(n: int, prefix: str = "91341122") -> str:
    """A valid unified social credit code, different for every n."""
    body = f"{prefix}{n:09d}"[:17]
    return body + credit_code_check_char(body)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisingUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}乡镇党委")
    kind = "township"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    credit_code = factory.Sequence(make_credit_code)
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    category = "economic"
    individual_business = False
    township = "城关镇"
    industry = "制造业"
    unit = factory.SubFactory(UnitFactory)
    employees = 20
    stable = True
    status = "active"
    owner_name = "张三"


class PartyOrgFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrg
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"P{n:04d}")
    name = factory.Sequence(lambda n: f"测试党支部{n}")
    level = "branch"
    form = "standalone"
    unit = factory.SubFactory(UnitFactory)
    established_on = datetime.date(2005, 1, 1)

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [OrganizationFactory(unit=self.unit)]
        self.organizations.set(extracted)


class LeadershipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadershipMember

    party_org = factory.SubFactory(PartyOrgFactory)
    name = factory.Sequence(lambda n: f"班子成员{n}")
    role = "member"
    owner_family = False


class FiveGoodsAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiveGoodsAssessment

    party_org = factory.SubFactory(PartyOrgFactory)
    year = 2009
    leadership = True
    members = True
    mechanism = True
    performance = True
    mass = True


class ActivityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityRecord

    party_org = factory.SubFactory(PartyOrgFactory)
    kind = "org_life"
    held_on = datetime.date(2009, 5, 1)
    title = factory.Sequence(lambda n: f"组织生活会{n}")
    participants = 8
