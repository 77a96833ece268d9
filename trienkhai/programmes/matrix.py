"""The concretisation matrix: the units under one unit × the programmes they must turn
into their own implementing plans, with each cell issued / issued late / not yet."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from trienkhai.core import clock
from trienkhai.lib.vntext import sort_key
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.models import Concretisation, PlanState, Programme, plan_state

DONE = {PlanState.ISSUED, PlanState.LATE}
SHORT_LABELS = {PlanState.MISSING: _("chưa"), PlanState.OVERDUE: _("quá hạn")}


@dataclass
class Cell:
    state: str
    plan: Programme | None
    due: object

    @property
    def label(self):
        return PlanState(self.state).label

    @property
    def short(self):
        """What fits in a cell when no plan was issued."""
        return SHORT_LABELS.get(self.state, self.label)


@dataclass
class Rate:
    required: int = 0
    issued: int = 0
    late: int = 0

    def add(self, state):
        self.required += 1
        self.issued += state in DONE
        self.late += state == PlanState.LATE

    @property
    def percent(self):
        return round(100 * self.issued / self.required, 1) if self.required else None


@dataclass
class Matrix:
    unit: OrgUnit
    programmes: list
    rows: list  # (unit, [Cell | None per programme], Rate)
    by_programme: list = field(default_factory=list)  # Rate per programme
    overall: Rate = field(default_factory=Rate)


def concretisation_matrix(user, unit, today=None) -> Matrix:
    """Three queries: the visible children, their obligations with programmes, and the
    implementing plans they issued (with their documents)."""
    today = today or clock.today()
    children = list(OrgUnit.objects.get_children(unit).for_user(user).in_display_order())
    obligations = list(
        Concretisation.objects.filter(unit__in=children).select_related("programme__document")
    )
    programme_ids = {o.programme_id for o in obligations}
    plans = {
        (p.parent_id, p.unit_id): p
        for p in Programme.objects.filter(
            parent_id__in=programme_ids, unit__in=children
        ).select_related("document")
    }

    def order(p):
        issued = (p.document.issue_date if p.document_id else None) or today
        return (p.kind != "key", issued, sort_key(p.title))

    programmes = sorted({o.programme for o in obligations}, key=order)
    index = {p.pk: i for i, p in enumerate(programmes)}
    cells = {}
    for o in obligations:
        plan = plans.get((o.programme_id, o.unit_id))
        state = plan_state(o.due, plan, today)
        if state in (PlanState.MISSING, PlanState.OVERDUE):
            plan = None  # issued after the day asked: not there yet on that day
        cells[(o.unit_id, o.programme_id)] = Cell(state, plan, o.due)
    matrix = Matrix(
        unit=unit, programmes=programmes, rows=[], by_programme=[Rate() for _p in programmes]
    )
    for child in children:
        row, rate = [None] * len(programmes), Rate()
        for p in programmes:
            cell = cells.get((child.pk, p.pk))
            if cell is None:
                continue
            row[index[p.pk]] = cell
            rate.add(cell.state)
            matrix.by_programme[index[p.pk]].add(cell.state)
            matrix.overall.add(cell.state)
        if rate.required:
            matrix.rows.append((child, row, rate))
    return matrix
