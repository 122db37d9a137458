"""Suggested officers for the organizations that are uncovered and have no officer (the failing list
of the uncovered_have_officer target, targets.selectors.uncovered_without_officer_for).

An officer *serves at D* when appointed on or before D (members.asof); an officer's *load* is
the number of organizations on their list, any status, as the officer_load target counts it; the
limit is that target's ``max_organizations`` (members.officer_load).

Suggestions (``suggest_officers``), decided as follows:

- Candidates are the officers serving at D whose load is below the limit; an officer's spare
  capacity is the limit minus their load. Across one list of suggestions an officer never gets
  more organizations than their spare capacity.
- An officer's townships are the townships of the organizations they already look after. An
  officer who looks after none yet is placed by their home unit: they are in township T when
  the home unit's name contains T (a township's name such as 城关镇 in 城关镇人民政府); a county
  bureau places them nowhere.
- Organizations are taken by township, then credit code. First pass: each organization gets a
  same-township officer with capacity left. Second pass: each organization still without one
  gets any officer with capacity left. In both passes the least loaded officer (load plus
  suggestions so far) comes first, then the lower officer ID. An organization left over has no
  suggestion: no officer has capacity left.

``suggest_officers`` runs a fixed number of queries (SUGGESTION_QUERIES), however many
organizations and officers there are.
"""
import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Count, QuerySet

from members.asof import officer_serves_at
from members.models import Officer
from members.officer_load import max_organizations
from organizations.models import Organization

# The organizations, the target's parameters, the officers with their load, their townships.
SUGGESTION_QUERIES = 4


@dataclasses.dataclass
class Suggestion:
    """An uncovered organization without an officer, and the officer suggested for it (or None)."""

    organization: Organization
    officer: Officer | None = None
    same_township: bool = False

    @property
    def pair(self) -> str:
        """The value a form posts to accept the suggestion: "<organization pk>:<officer pk>"."""
        return f"{self.organization.pk}:{self.officer.pk}" if self.officer else ""


def parse_pair(value: str) -> tuple[int, int]:
    """(organization pk, officer pk) from Suggestion.pair; ValueError when malformed."""
    organization_pk, officer_pk = str(value).split(":")
    return int(organization_pk), int(officer_pk)


def officers_with_capacity(*, as_of: datetime.date, limit: int) -> QuerySet[Officer]:
    """Officers serving at D who look after fewer than LIMIT organizations, each with its `load`."""
    return (Officer.objects.filter(officer_serves_at(as_of))
            .annotate(load=Count("organizations")).filter(load__lt=limit).order_by("officer_id"))


def suggest_officers(organizations: QuerySet[Organization], *, as_of: datetime.date) -> list[Suggestion]:
    """A suggested officer for each of ORGANIZATIONS (the uncovered ones without an officer), by the
    rules of this module, in the order organizations are taken (township, credit code)."""
    organizations = list(organizations.select_related("unit").order_by("township", "credit_code"))
    suggestions = [Suggestion(organization) for organization in organizations]
    if not suggestions:
        return suggestions
    limit = max_organizations()
    officers = list(officers_with_capacity(as_of=as_of, limit=limit))
    if not officers:
        return suggestions

    townships: dict[int, set[str]] = defaultdict(set)
    rows = Officer.organizations.through.objects.filter(officer__in=[o.pk for o in officers]).exclude(
        organization__township="").values_list("officer_id", "organization__township").distinct()
    for officer_pk, township in rows:
        townships[officer_pk].add(township)
    wanted = {s.organization.township for s in suggestions if s.organization.township}
    for officer in officers:
        if officer.load == 0 and officer.home_unit:
            townships[officer.pk].update(t for t in wanted if t in officer.home_unit)

    by_township: dict[str, list[Officer]] = defaultdict(list)
    for officer in officers:
        for township in townships[officer.pk]:
            by_township[township].append(officer)
    load = {officer.pk: officer.load for officer in officers}

    def take(candidates):
        free = [o for o in candidates if load[o.pk] < limit]
        if not free:
            return None
        chosen = min(free, key=lambda o: (load[o.pk], o.officer_id))
        load[chosen.pk] += 1
        return chosen

    for suggestion in suggestions:  # same township first
        township = suggestion.organization.township
        if township and (officer := take(by_township.get(township, ()))):
            suggestion.officer, suggestion.same_township = officer, True
    for suggestion in suggestions:  # then anyone with capacity left
        if suggestion.officer is None:
            suggestion.officer = take(officers)
    return suggestions
