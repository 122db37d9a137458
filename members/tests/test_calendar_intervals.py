"""The pipeline's minimum intervals are calendar intervals: one year is the same day a year later
(the last day of February for 29 February), not 365 days; the settings are in months, and the old
settings in days are refused by a system check."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from members import rules
from members.services import (
    member_full_earliest,
    member_make_full,
    pipeline_person_advance,
    pipeline_step_earliest,
)
from members.tests.factories import MemberFactory, PipelinePersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def full_refused(member, on) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        member_make_full(member=member, on=on)
    return [str(m) for m in refused.value.message_dict["on"]]


def test_probation_of_one_year_counts_the_leap_day():
    """Admitted 2023-03-01: 2024-02-29 is 365 days later but not yet a year; 2024-03-01 is."""
    member = MemberFactory(joined_on=D(2023, 3, 1), full_on=None)
    assert member_full_earliest(member) == D(2024, 3, 1)
    assert full_refused(member, D(2024, 2, 29))
    member.refresh_from_db()
    assert member.full_on is None
    member = member_make_full(member=member, on=D(2024, 3, 1))
    assert member.full_on == D(2024, 3, 1)


def test_probation_from_29_february_ends_on_the_last_day_of_february():
    """One year after 2024-02-29 is 2025-02-28 (2025 has no 29 February)."""
    member = MemberFactory(joined_on=D(2024, 2, 29), full_on=None)
    assert member_full_earliest(member) == D(2025, 2, 28)
    full_refused(member, D(2025, 2, 27))
    assert member_make_full(member=member, on=D(2025, 2, 28)).full_on == D(2025, 2, 28)


def test_activist_year_counts_the_leap_day():
    person = PipelinePersonFactory(stage="activist", applied_on=D(2023, 1, 10), activist_since=D(2023, 3, 1))
    assert pipeline_step_earliest(person) == D(2024, 3, 1)
    with pytest.raises(ValidationError):
        pipeline_person_advance(person=person, to_stage="candidate", on=D(2024, 2, 29))
    person = pipeline_person_advance(person=person, to_stage="candidate", on=D(2024, 3, 1))
    assert person.candidate_since == D(2024, 3, 1)


def test_the_refusal_names_the_interval_and_the_earliest_date_in_chinese():
    member = MemberFactory(joined_on=D(2023, 3, 1), full_on=None)
    with translation.override("zh-hans"):
        (message,) = full_refused(member, D(2024, 2, 29))
        assert message == str(rules.MSG_PROBATION_TOO_SHORT % {
            "period": rules.interval_label(12), "since": D(2023, 3, 1), "on": D(2024, 2, 29),
            "earliest": D(2024, 3, 1)})
    assert "2024-03-01" in message and "365" not in message


def test_interval_labels():
    with translation.override("en"):
        assert [str(rules.interval_label(n)) for n in (12, 24, 6, 1, 18)] == [
            "one year", "2 years", "6 months", "1 month", "18 months"]


def test_the_intervals_follow_the_month_settings(settings):
    settings.PIPELINE_MIN_PROBATION_MONTHS = 6
    member = MemberFactory(joined_on=D(2010, 8, 31), full_on=None)
    assert member_full_earliest(member) == D(2011, 2, 28)  # clipped at the month's end
    full_refused(member, D(2011, 2, 27))
    assert member_make_full(member=member, on=D(2011, 2, 28)).full_on == D(2011, 2, 28)

    settings.PIPELINE_MIN_ACTIVIST_MONTHS = 24
    person = PipelinePersonFactory(stage="activist", applied_on=D(2008, 1, 10), activist_since=D(2008, 2, 29))
    assert pipeline_step_earliest(person) == D(2010, 2, 28)


def test_the_old_day_settings_are_refused_by_a_system_check(settings, monkeypatch):
    from members.checks import check_pipeline_intervals

    assert check_pipeline_intervals() == []
    settings.PIPELINE_MIN_PROBATION_DAYS = 365
    (error,) = check_pipeline_intervals()
    assert error.id == "members.E001"
    assert "PIPELINE_MIN_PROBATION_DAYS" in error.msg and "PIPELINE_MIN_PROBATION_MONTHS" in error.hint

    del settings.PIPELINE_MIN_PROBATION_DAYS
    monkeypatch.setenv("PIPELINE_MIN_ACTIVIST_DAYS", "365")
    (error,) = check_pipeline_intervals()
    assert error.id == "members.E001" and "PIPELINE_MIN_ACTIVIST_DAYS" in error.msg


def test_a_month_setting_below_one_is_refused(settings):
    from members.checks import check_pipeline_intervals

    settings.PIPELINE_MIN_ACTIVIST_MONTHS = 0
    (error,) = check_pipeline_intervals()
    assert error.id == "members.E002" and "PIPELINE_MIN_ACTIVIST_MONTHS" in error.msg
