"""Helpers of the access-control matrix and the query-count tests: every named URL pattern of the
URLconf, and one record of each kind belonging to unit T01 to build their URL arguments from."""
import datetime

from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

# Patterns with explicit checks of their own (Django admin, i18n's set_language) are left out of
# the enumeration; static and media patterns only exist with DEBUG on and are never named.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_NAMES = {"set_language"}

# The apps whose rows "nothing changes" compares before and after a refused request.
DATA_APPS = ("accounts", "organizations", "members", "register", "reports", "targets")


def named_patterns(resolver=None, namespace: str = "") -> dict[str, URLPattern]:
    """Every named URL pattern reached from RESOLVER, by its namespaced name ("app:name")."""
    found = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            found.update(named_patterns(entry, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            if entry.name in EXCLUDED_NAMES:
                continue
            found[f"{namespace}{entry.name}"] = entry
    return found


def unnamed_patterns(resolver=None, prefix: str = "") -> list[str]:
    """The routes of URL patterns without a name (a page nobody can reverse, nor this matrix check)."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace not in EXCLUDED_NAMESPACES:
                routes += unnamed_patterns(entry, prefix + str(entry.pattern))
        elif not entry.name:
            routes.append(prefix + str(entry.pattern))
    return routes


def build_dataset(unit, *, secretary, staff):
    """One record of each kind belonging to UNIT, linked like real data, keyed by kind."""
    from members.tests.factories import (
        CountyLeaderFactory,
        MemberFactory,
        OfficerFactory,
        PipelinePersonFactory,
        TrainingRecordFactory,
    )
    from organizations.models import PartyOrgChangeRequest
    from organizations.tests.factories import (
        ActivityRecordFactory,
        FiveGoodsAssessmentFactory,
        LeadershipMemberFactory,
        OrganizationFactory,
        PartyOrgFactory,
    )
    from register.models import RegisterImport
    from reports.models import ReportAttachment
    from reports.tests.factories import ReportFactory

    org = OrganizationFactory(unit=unit, name="matrix-org")
    party_org = PartyOrgFactory(unit=unit, organizations=[org], name="matrix-po")
    seat = LeadershipMemberFactory(party_org=party_org, role="secretary", name="matrix-seat")
    member = MemberFactory(organization=org, party_org=party_org, name="matrix-member", full_on=None)
    person = PipelinePersonFactory(organization=org, name="matrix-person")
    officer = OfficerFactory(organizations=[org], name="matrix-officer")
    leader = CountyLeaderFactory(contact_points=[org], name="matrix-leader")
    change_request = PartyOrgChangeRequest.objects.create(
        kind="revoke", unit=unit, party_org=party_org, effective_on=datetime.date(2010, 1, 1),
        reason="matrix-reason", requested_by=secretary)
    report = ReportFactory(unit=unit, year=2010, half=1)
    attachment = ReportAttachment(report=report, original_name="matrix.pdf", size=8,
                                  content_type="application/pdf", uploaded_by=secretary)
    attachment.file.save("matrix.pdf", ContentFile(b"%PDF-1.4"), save=True)
    training = TrainingRecordFactory(party_org=party_org, leadership_member=seat, trainee_name=seat.name)
    activity = ActivityRecordFactory(party_org=party_org)
    assessment = FiveGoodsAssessmentFactory(party_org=party_org)
    register_import = RegisterImport(original_name="matrix.xlsx", uploaded_by=staff)
    register_import.file.save("matrix.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return {"org": org, "party_org": party_org, "seat": seat, "member": member, "person": person,
            "officer": officer, "leader": leader, "change_request": change_request, "report": report,
            "attachment": attachment, "training": training, "activity": activity, "assessment": assessment,
            "register_import": register_import}


def url_kwargs(data) -> dict[str, object]:
    """Every URL argument name used by the URLconf, with a value pointing at DATA's records."""
    return {
        "credit_code": data["org"].credit_code,
        "code": data["party_org"].code,
        "member_id": data["member"].member_id,
        "person_id": data["person"].person_id,
        "officer_id": data["officer"].officer_id,
        "leader_id": data["leader"].leader_id,
        "attachment_pk": data["attachment"].pk,
        "year": 2010,
        "half": 1,
        "uidb64": "MQ",
        "token": "set-password",
    }


# The integer primary key a URL's <int:pk> stands for, by the pattern's namespaced name.
PK_OF = {
    "organizations:activityrecord_detail": "activity",
    "organizations:changerequest_detail": "change_request",
    "organizations:changerequest_review": "change_request",
    "organizations:assessment_detail": "assessment",
    "organizations:assessment_update": "assessment",
    "organizations:assessment_confirm": "assessment",
    "members:trainingrecord_detail": "training",
    "register:register_import_detail": "register_import",
    "register:register_import_confirm": "register_import",
    "register:register_import_file": "register_import",
    "register:register_import_retry": "register_import",
    "register:register_import_cancel": "register_import",
    "register:register_import_detail_moved": "register_import",
}


def kwargs_for(name: str, pattern: URLPattern, data) -> dict:
    """The arguments of the pattern NAME for DATA's records (reports' <pk> is the report)."""
    values = url_kwargs(data)
    kwargs = {}
    for argument in pattern.pattern.converters:
        if argument == "pk":
            kwargs["pk"] = data[PK_OF.get(name, "report")].pk
        else:
            kwargs[argument] = values[argument]
    return kwargs


def data_state() -> dict[str, list]:
    """Every row of the project's own apps, to compare before and after a refused request."""
    state = {}
    for app in DATA_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.label_lower == "accounts.user":
                state[model._meta.label] = sorted(model.objects.values_list("pk", "username", "role", "unit_id"))
            else:
                state[model._meta.label] = sorted(map(repr, model.objects.order_by("pk").values()))
    return state
