"""The development pipeline in a browser: a unit secretary makes an activist a development candidate.
A date too soon after the activist date is refused under the date field, with the rule's figures;
the earliest allowed date is accepted, and the person's page shows the new stage and the change."""
import datetime

import pytest
from django.utils import timezone, translation

from accounts.tests.factories import PASSWORD
from members import rules
from members.asof import months_after
from members.models import PipelinePerson, Stage
from members.services import min_activist_months
from members.tests.factories import PipelinePersonFactory
from organizations.tests.factories import OrganizationFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shown(day: datetime.date) -> str:
    """A date as the Chinese pages show it (the messages give ISO dates)."""
    return f"{day.year}年{day.month}月{day.day}日"


def test_secretary_is_refused_a_too_early_candidate_step_then_records_the_earliest_date(page, unit_secretary):
    today = timezone.localdate()
    months = min_activist_months()
    activist_since = months_after(today - datetime.timedelta(days=10), -months)
    too_early = activist_since + datetime.timedelta(days=30)
    earliest = months_after(activist_since, months)
    firm = OrganizationFactory(unit=unit_secretary.unit, name="华兴机械制造有限公司")
    person = PipelinePersonFactory(organization=firm, name="张晓明", person_id="A90001", stage=Stage.ACTIVIST,
                                   applied_on=activist_since - datetime.timedelta(days=60),
                                   activist_since=activist_since)

    # From the pipeline register to the person's page, as a user would go.
    log_in(page, "sec-T01", PASSWORD)
    page.wait_for_selector("[data-testid=overview]")
    page.goto("/pipeline/")
    page.get_by_role("link", name="张晓明").click()
    page.wait_for_url(f"**{person.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == str(person)
    step = page.locator("[data-testid=pipeline-step]")
    assert step.get_by_role("heading").inner_text() == "下一环节：发展对象"
    assert f"最早可在 {shown(earliest)} 办理" in step.inner_text()
    history_rows = page.locator("[data-testid=history] tbody tr").count()

    # Too early: refused, the message sits under the date field and names the rule's figures.
    step.get_by_label("本环节日期").fill(too_early.isoformat())
    step.get_by_role("button", name="登记本环节").click()
    page.wait_for_selector("[data-testid=pipeline-step] .is-invalid")
    date_field = page.locator("[data-testid=pipeline-step]").get_by_label("本环节日期")
    assert "is-invalid" in date_field.get_attribute("class")
    error = page.locator("[data-testid=pipeline-step] .invalid-feedback")
    assert error.count() == 1
    message = error.inner_text()
    with translation.override("zh-hans"):
        assert message == str(rules.MSG_ACTIVIST_TOO_SHORT % {
            "period": rules.interval_label(months), "since": activist_since, "on": too_early, "earliest": earliest})
    assert activist_since.isoformat() in message and earliest.isoformat() in message
    person.refresh_from_db()
    assert (person.stage, person.candidate_since) == (Stage.ACTIVIST, None)

    # The earliest allowed date is accepted.
    date_field.fill(earliest.isoformat())
    page.locator("[data-testid=pipeline-step]").get_by_role("button", name="登记本环节").click()
    page.wait_for_selector(".alert-success")
    assert page.locator(".alert-success").inner_text() == (
        f"张晓明 自 {earliest.isoformat()} 起进入“发展对象”阶段。")
    person = PipelinePerson.objects.get(pk=person.pk)
    assert (person.stage, person.candidate_since) == (Stage.CANDIDATE, earliest)

    # The page shows the new stage and date, the next step (admission), and the change in the history.
    facts = dict(zip(page.locator("dl.facts dt").all_inner_texts(), page.locator("dl.facts dd").all_inner_texts()))
    assert facts["阶段"] == "发展对象"
    assert facts["确定为发展对象日期"] == shown(earliest)
    assert page.locator("[data-testid=pipeline-step]").get_by_role("heading").inner_text().startswith("下一环节：")
    assert page.locator("[data-testid=pipeline-step]").get_by_role("heading").inner_text() != "下一环节：发展对象"
    history = page.locator("[data-testid=history] tbody tr")
    assert history.count() == history_rows + 1
    assert str(unit_secretary) in history.first.inner_text()
