import datetime

import factory

from members.models import CountyLeader, Officer, PartyMember, PipelinePerson, TrainingRecord
from organizations.tests.factories import OrganizationFactory


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyMember

    member_id = factory.Sequence(lambda n: f"M{n:05d}")
    name = factory.Sequence(lambda n: f"党员{n}")
    gender = "M"
    organization = factory.SubFactory(OrganizationFactory)
    joined_on = datetime.date(2000, 1, 1)
    full_on = datetime.date(2001, 1, 1)
    employed_since = datetime.date(2005, 1, 1)


class PipelinePersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PipelinePerson

    person_id = factory.Sequence(lambda n: f"A{n:05d}")
    name = factory.Sequence(lambda n: f"积极分子{n}")
    organization = factory.SubFactory(OrganizationFactory)
    stage = "activist"
    applied_on = datetime.date(2008, 1, 1)
    activist_since = datetime.date(2008, 6, 1)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer
        skip_postgeneration_save = True

    officer_id = factory.Sequence(lambda n: f"F{n:03d}")
    name = factory.Sequence(lambda n: f"指导员{n}")
    role = "instructor"
    home_unit = "县财政局"
    appointed_on = datetime.date(2008, 3, 1)

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)


class CountyLeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountyLeader
        skip_postgeneration_save = True

    leader_id = factory.Sequence(lambda n: f"L{n:02d}")
    name = factory.Sequence(lambda n: f"领导{n}")
    title = "副县长"

    @factory.post_generation
    def contact_points(self, create, extracted, **kwargs):
        if create and extracted:
            self.contact_points.set(extracted)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    kind = "party_school_yearly"
    trainee_name = factory.Sequence(lambda n: f"学员{n}")
    year = 2009
