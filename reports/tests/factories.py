import factory

from organizations.tests.factories import UnitFactory
from reports.models import HalfYearReport


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HalfYearReport

    unit = factory.SubFactory(UnitFactory)
    year = 2010
    half = 1
    status = "draft"
