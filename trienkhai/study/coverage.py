"""Study coverage: documents × units, the share of Party members who studied.

One rule throughout: Party members are counted at the lowest unit that records them.
The units counted are the Party organisations, the units with a Party member count
in the registry and the units with a study session, keeping only the lowest of them
on each branch (a district's own
count, or its session for key cadres, is not added to its communes' members). For a
counted unit and a document:

- expected members: the unit's count in the registry, else the largest number its
  sessions for that document gave as expected;
- members reached: the Party members present at its sessions for that document,
  regular and make-up together, capped at the expected number;
- implausible: more present than expected, or sessions expecting more members than
  the registry has.

A row of the matrix (a unit under the chosen root) adds up its subtree's counted
units; units with no session for a document count as not yet studied. Two queries
for the whole matrix whatever the depth of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q, Sum

from trienkhai.orgs.models import Kind, OrgUnit
from trienkhai.orgs.scope import subtree_q

# Party organisations study whether or not their member count is registered.
PARTY_KINDS = (Kind.PARTY_COMMITTEE, Kind.PARTY_ORG, Kind.PARTY_CELL)


@dataclass
class Cell:
    expected: int = 0
    reached: int = 0
    units: int = 0
    studied: int = 0
    sessions: int = 0
    implausible: int = 0

    @property
    def percent(self):
        if not self.expected:
            return None
        return round(100 * self.reached / self.expected, 1)

    @property
    def band(self):
        """For the cell's colour: full, most, some, none."""
        p = self.percent
        if p is None:
            return "unknown"
        if p >= 95:
            return "full"
        if p >= 80:
            return "most"
        if p > 0:
            return "some"
        return "none"

    def add(self, other: Cell):
        self.expected += other.expected
        self.reached += other.reached
        self.units += other.units
        self.studied += other.studied
        self.sessions += other.sessions
        self.implausible += other.implausible


@dataclass
class UnitStudy:
    """One counted unit and one document."""

    unit_id: int
    path: str
    registry: int | None
    present: int
    expected: int
    sessions: int

    @property
    def studied(self):
        return self.sessions > 0

    @property
    def implausible(self):
        if not self.sessions:
            return False
        return self.present > self.expected or (
            self.registry is not None and self.expected > self.registry
        )

    def cell(self) -> Cell:
        expected = self.registry if self.registry is not None else self.expected
        return Cell(
            expected=expected,
            reached=min(self.present, expected),
            units=1,
            studied=int(self.studied),
            sessions=self.sessions,
            implausible=int(self.implausible),
        )


@dataclass
class Matrix:
    root: OrgUnit
    documents: list
    rows: list = field(default_factory=list)  # [(unit, [Cell per document])]
    total: list = field(default_factory=list)  # [Cell per document]
    not_studied: dict = field(default_factory=dict)  # document pk -> [unit pk]
    implausible: list = field(default_factory=list)  # [(unit pk, document pk, UnitStudy)]


def asked(documents, root):
    """Of `documents` (a Document queryset, those the user sees), the ones the units
    under `root` were asked to study, newest first: sent down by `root` or a unit above
    it, through a conference it held (its documents to study) or a programme it issued
    that units under `root` must concretise. A lower unit's own plan is not asked of
    the units above it."""
    step = OrgUnit.steplen
    here_or_above = [root.path[:end] for end in range(step, len(root.path) + 1, step)]
    conferences = Q(conference__organiser__path__in=here_or_above)
    programmes = Q(programmes__unit__path__in=here_or_above) & subtree_q(
        root.path, "programmes__concretisations__unit__"
    )
    return (
        documents.filter(conferences | programmes)
        .distinct()
        .order_by(F("issue_date").desc(nulls_last=True), "symbol")
    )


def _counted_units(root, session_unit_ids, on=None):
    """(pk, path, registry count) of the lowest counting unit on each branch."""
    candidates = (
        OrgUnit.objects.filter(subtree_q(root.path))
        .filter(
            Q(pk__in=session_unit_ids)
            | Q(
                pk__in=OrgUnit.objects.active_on(on).filter(
                    Q(party_members__isnull=False) | Q(kind__in=PARTY_KINDS)
                )
            )
        )
        .order_by("path")
        .values_list("pk", "path", "party_members")
    )
    rows = list(candidates)
    counted = []
    for i, (pk, path, members) in enumerate(rows):
        has_lower = i + 1 < len(rows) and rows[i + 1][1].startswith(path)
        if not has_lower:
            counted.append((pk, path, members))
    return counted


def compute(root, documents, *, on=None) -> Matrix:
    """The coverage of `documents` in the subtree of `root`, by the root's children."""
    from trienkhai.study.models import StudySession

    documents = list(documents)
    doc_ids = [d.pk for d in documents]
    per_unit = (
        StudySession.objects.filter(subtree_q(root.path, "unit__"), documents__in=doc_ids)
        .values("unit_id", "documents")
        .annotate(present=Sum("members_present"), expected=Max("members_expected"), n=Count("pk"))
    )
    sessions = {(r["unit_id"], r["documents"]): r for r in per_unit}
    counted = _counted_units(root, {unit_id for unit_id, _d in sessions}, on)

    step = OrgUnit.steplen
    row_length = len(root.path) + step
    row_cells: dict[str, list[Cell]] = {}
    matrix = Matrix(root=root, documents=documents)
    matrix.total = [Cell() for _d in documents]
    matrix.not_studied = {d: [] for d in doc_ids}
    for pk, path, registry in counted:
        key = path[:row_length]
        cells = row_cells.setdefault(key, [Cell() for _d in documents])
        for i, doc_id in enumerate(doc_ids):
            found = sessions.get((pk, doc_id))
            study = UnitStudy(
                unit_id=pk,
                path=path,
                registry=registry,
                present=found["present"] if found else 0,
                expected=found["expected"] if found else 0,
                sessions=found["n"] if found else 0,
            )
            cell = study.cell()
            cells[i].add(cell)
            matrix.total[i].add(cell)
            if not study.studied:
                matrix.not_studied[doc_id].append(pk)
            elif study.implausible:
                matrix.implausible.append((pk, doc_id, study))
    row_units = OrgUnit.objects.filter(path__in=row_cells).in_display_order()
    matrix.rows = [(unit, row_cells[unit.path]) for unit in row_units]
    return matrix
