"""Writing a checked register into the database: every row matched by its key and created or
updated in place, in batches, inside one transaction. Re-importing the same register changes
nothing; a dry run does the same work and rolls it back, so its counts are exact."""
import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members.models import CountyLeader, Officer, PartyMember, PipelinePerson, Stage
from organizations.models import FiveGoodsAssessment, LeadershipMember, Organization, PartyOrg, SupervisingUnit

from .checking import RegisterChecker, header_errors, parsed_rows
from .errors import ErrorList, RegisterError
from .reading import RegisterSource

BATCH = 2000
CHANGE_REASON = "register import"
MSG_NOTHING_TO_IMPORT = _("No file of the register was found at “%(path)s”.")


@dataclasses.dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


@dataclasses.dataclass
class ImportResult:
    errors: ErrorList  # those kept (at most settings.REGISTER_MAX_ERRORS), and how many there were
    counts: dict[str, Counts]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_total(self) -> int:
        """Every error found, listed or not."""
        return len(self.errors)

    @property
    def more_errors(self) -> list[RegisterError]:
        """One line per kind of the errors beyond the list: where, and how many."""
        return self.errors.summaries()

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "error_total": self.error_total,
            "errors": [e.as_dict() for e in self.errors],
            "more_errors": [e.as_dict() for e in self.more_errors],
            "counts": {name: dataclasses.asdict(c) for name, c in self.counts.items()},
        }


def batched(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


class RegisterWriter:
    """Writes the files of a checked register, in reference order."""

    def __init__(self, *, user=None, progress: Callable[[str, int], None] | None = None):
        self.user = user
        self.progress = progress or (lambda name, done: None)
        self.counts: dict[str, Counts] = {}
        self.units = dict(SupervisingUnit.objects.values_list("code", "pk"))
        self.orgs: dict[str, int] = {}
        self.party_orgs: dict[str, int] = {}

    # -- generic pieces ----------------------------------------------------------------
    def upsert(self, name: str, model, key: str, rows: Iterable[dict],
               adjust: Callable[[object, dict], None] | None = None) -> Iterator[tuple[list[dict], dict, set]]:
        """Create or update rows matched by ``key``; yields each batch with its key → pk map and
        the keys of its rows that were already stored exactly so."""
        counts = self.counts.setdefault(name, Counts())
        done = 0
        for chunk in batched(rows):
            keys = [r[key] for r in chunk]
            existing = {getattr(o, key): o for o in model.objects.filter(**{f"{key}__in": keys})}
            new, changed, changed_fields, unchanged = [], [], set(), set()
            for row in chunk:
                obj = existing.get(row[key])
                if obj is None:
                    new.append(model(**row))
                    continue
                if adjust:
                    adjust(obj, row)
                diff = [f for f, value in row.items() if getattr(obj, f) != value]
                if diff:
                    for f in diff:
                        setattr(obj, f, row[f])
                    changed.append(obj)
                    changed_fields.update(diff)
                else:
                    unchanged.add(row[key])
            counts.unchanged += len(unchanged)
            if new:
                bulk_create_with_history(new, model, batch_size=BATCH, default_user=self.user,
                                         default_change_reason=CHANGE_REASON)
                counts.added += len(new)
            if changed:
                bulk_update_with_history(changed, model, sorted(changed_fields), batch_size=BATCH,
                                         default_user=self.user, default_change_reason=CHANGE_REASON)
                counts.updated += len(changed)
            done += len(chunk)
            self.progress(name, done)
            yield chunk, dict(model.objects.filter(**{f"{key}__in": keys}).values_list(key, "pk")), unchanged

    @staticmethod
    def sync_links(through, parent_field: str, wanted: dict[int, list[int]]) -> set[int]:
        """Make the through rows of these parents exactly the wanted organization lists; returns
        the parents whose links changed."""
        current = defaultdict(dict)
        for pk, parent, org in through.objects.filter(**{f"{parent_field}__in": list(wanted)}).values_list(
                "pk", parent_field, "organization_id"):
            current[parent][org] = pk
        to_add, to_remove = [], []
        for parent, orgs in wanted.items():
            have = current.get(parent, {})
            to_add += [through(**{parent_field: parent, "organization_id": o}) for o in orgs if o not in have]
            to_remove += [pk for o, pk in have.items() if o not in orgs]
        if to_add:
            through.objects.bulk_create(to_add, batch_size=BATCH)
        if to_remove:
            changed = set(through.objects.filter(pk__in=to_remove).values_list(parent_field, flat=True))
            through.objects.filter(pk__in=to_remove).delete()
        else:
            changed = set()
        return changed | {getattr(t, parent_field) for t in to_add}

    # -- the files -------------------------------------------------------------------
    def write_units(self, rows):
        for _chunk, pks, _same in self.upsert("units", SupervisingUnit, "code", (r.values for r in rows)):
            self.units.update(pks)

    def write_organizations(self, rows):
        def fields(rows):
            for r in rows:
                v = dict(r.values)
                v["unit_id"] = self.units[v.pop("unit_code")]
                yield v
        for _chunk, pks, _same in self.upsert("organizations", Organization, "credit_code", fields(rows)):
            self.orgs.update(pks)

    def write_party_orgs(self, rows):
        def fields(rows):
            for r in rows:
                v = dict(r.values)
                code = v.pop("unit_code")
                v["unit_id"] = self.units[code] if code else None
                v["demo_level"] = v["demo_level"] or ""
                yield v
        self._linked("party_orgs", PartyOrg, "code", PartyOrg.organizations.through, "partyorg_id", fields(rows),
                     remember=self.party_orgs)

    def write_members(self, rows):
        def fields(rows):
            for r in rows:
                v = dict(r.values)
                v["organization_id"] = self.orgs[v.pop("org_code")]
                po = v.pop("party_org_code")
                v["party_org_id"] = self.party_orgs[po] if po else None
                unit = v.pop("managing_unit_code")
                v["managing_unit_id"] = self.units[unit] if unit else None
                yield v

        def keep_relation_transferred_on(obj, row):
            # relation_transferred_on is the portal's own fact; it goes when the register says the
            # relationship is not transferred.
            if obj.relation_transferred_on and not row["relation_transferred"]:
                row["relation_transferred_on"] = None

        for _ in self.upsert("members", PartyMember, "member_id", fields(rows), adjust=keep_relation_transferred_on):
            pass

    def write_pipeline(self, rows):
        def fields(rows):
            for r in rows:
                v = dict(r.values)
                v["organization_id"] = self.orgs[v.pop("org_code")]
                yield v

        def keep_candidate_since(obj, row):
            # candidate_since is the portal's own fact; it goes when the person is no longer a
            # candidate or would precede their activist date.
            since = obj.candidate_since
            if since and (row["stage"] != Stage.CANDIDATE or (row["activist_since"] and since < row["activist_since"])):
                row["candidate_since"] = None

        for _ in self.upsert("pipeline", PipelinePerson, "person_id", fields(rows), adjust=keep_candidate_since):
            pass

    def write_officers(self, rows):
        self._linked("officers", Officer, "officer_id", Officer.organizations.through, "officer_id",
                     (dict(r.values) for r in rows))

    def write_leaders(self, rows):
        self._linked("leaders", CountyLeader, "leader_id", CountyLeader.contact_points.through, "countyleader_id",
                     (dict(r.values) for r in rows))

    def _linked(self, name, model, key, through, parent_field, rows, remember=None):
        """Upsert rows carrying ``org_codes`` and make their organization links match the file."""
        counts = self.counts.setdefault(name, Counts())
        links: dict[str, list[int]] = {}

        def strip_links(rows):
            for row in rows:
                links[row[key]] = [self.orgs[c] for c in row.pop("org_codes")]
                yield row

        for chunk, pks, unchanged in self.upsert(name, model, key, strip_links(rows)):
            if remember is not None:
                remember.update(pks)
            relinked = self.sync_links(through, parent_field, {pks[row[key]]: links.pop(row[key]) for row in chunk})
            # a row whose only change is its list of organizations counts as updated
            moved = sum(1 for k in unchanged if pks[k] in relinked)
            counts.unchanged -= moved
            counts.updated += moved

    def write_leadership(self, rows):
        counts = self.counts.setdefault("leadership", Counts())
        teams: dict[int, list[tuple]] = defaultdict(list)
        for r in rows:
            v = r.values
            teams[self.party_orgs[v["party_org_code"]]].append((v["name"], v["role"], v["owner_family"]))
        for chunk in batched(list(teams)):
            stored = defaultdict(list)
            for po, name, role, family in LeadershipMember.objects.filter(party_org_id__in=chunk).order_by(
                    "party_org_id", "pk").values_list("party_org_id", "name", "role", "owner_family"):
                stored[po].append((name, role, family))
            replace = [po for po in chunk if stored.get(po, []) != teams[po]]
            counts.unchanged += sum(len(teams[po]) for po in chunk if po not in replace)
            if replace:
                counts.removed += LeadershipMember.objects.filter(party_org_id__in=replace).delete()[0]
                seats = [LeadershipMember(party_org_id=po, name=n, role=role, owner_family=f)
                         for po in replace for n, role, f in teams[po]]
                bulk_create_with_history(seats, LeadershipMember, batch_size=BATCH, default_user=self.user,
                                         default_change_reason=CHANGE_REASON)
                counts.added += len(seats)
            self.progress("leadership", counts.total)

    def write_five_goods(self, rows):
        counts = self.counts.setdefault("five_goods", Counts())
        for chunk in batched(rows):
            wanted = {}
            for r in chunk:
                v = dict(r.values)
                wanted[(self.party_orgs[v.pop("party_org_code")], v.pop("year"))] = v
            existing = {(a.party_org_id, a.year): a for a in FiveGoodsAssessment.objects.filter(
                party_org_id__in={po for po, _ in wanted}, year__in={y for _, y in wanted})}
            new, changed = [], []
            for (po, year), v in wanted.items():
                obj = existing.get((po, year))
                if obj is None:
                    new.append(FiveGoodsAssessment(party_org_id=po, year=year, **v))
                elif any(getattr(obj, f) != value for f, value in v.items()):
                    for f, value in v.items():
                        setattr(obj, f, value)
                    changed.append(obj)
                else:
                    counts.unchanged += 1
            if new:
                bulk_create_with_history(new, FiveGoodsAssessment, batch_size=BATCH, default_user=self.user,
                                         default_change_reason=CHANGE_REASON)
            if changed:
                bulk_update_with_history(changed, FiveGoodsAssessment,
                                         ["leadership", "members", "mechanism", "performance", "mass"],
                                         batch_size=BATCH, default_user=self.user,
                                         default_change_reason=CHANGE_REASON)
            counts.added += len(new)
            counts.updated += len(changed)
            self.progress("five_goods", counts.total)

    def write(self, source: RegisterSource) -> dict[str, Counts]:
        self.orgs = dict(Organization.objects.values_list("credit_code", "pk"))
        self.party_orgs = dict(PartyOrg.objects.values_list("code", "pk"))
        ignored: list[RegisterError] = []
        for raw in source.files():
            if raw is None or header_errors(raw):
                continue
            self.counts.setdefault(raw.spec.name, Counts())
            getattr(self, f"write_{raw.spec.name}")(parsed_rows(raw, ignored))
        assert not ignored, "the register changed between the check and the import"
        return self.counts


def register_import(path, *, dry_run: bool = False, user=None,
                    progress: Callable[[str, int], None] | None = None) -> ImportResult:
    """Check the whole register; when it has no error, write it (or, for a dry run, count what
    would be written and roll back). Any error means nothing is written."""
    source = RegisterSource(path)
    checker = RegisterChecker(source, progress=progress)
    errors = checker.run()
    if not checker.rows and not errors:
        errors.append(RegisterError(str(path), None, None, MSG_NOTHING_TO_IMPORT % {"path": path}))
    if errors:
        return ImportResult(errors=errors, counts={}, dry_run=dry_run)
    with transaction.atomic():
        counts = RegisterWriter(user=user, progress=progress).write(source)
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(errors=errors, counts=counts, dry_run=dry_run)  # errors is empty here
