"""Oversight's first step, preparation: the index, plans (draft, issue) and the teams
their decisions form."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trienkhai.accounts.access import (
    charge_of,
    committee_of,
    get_oversight_plan_for_user,
    get_team_for_user,
    may_answer_for,
    may_run_oversight,
    scope_for,
)
from trienkhai.core import clock
from trienkhai.core.history import history_rows
from trienkhai.core.refusals import show_on_form
from trienkhai.documents.models import Document
from trienkhai.orgs.models import Kind, OrgUnit, Person, Tenure
from trienkhai.oversight import services
from trienkhai.oversight.forms import IssueForm, PlanForm, TeamForm
from trienkhai.oversight.models import Case, CaseState, Plan, Recommendation
from trienkhai.programmes.models import Programme

log = logging.getLogger("trienkhai.oversight")

SUBJECT_KINDS = (Kind.PARTY_COMMITTEE, Kind.PARTY_ORG, Kind.PARTY_CELL)
SUBJECT_DEPTH = 2  # districts and communes under a province; communes and cells under a district


def bodies_for(user):
    """The bodies the user may plan for: their committee (or, for a superuser, each top
    committee), its Standing Committee and other leading bodies, and its Inspection
    Commission; only those `may_run_oversight` allows."""
    if scope_for(user).everything:
        homes = list(OrgUnit.objects.filter(depth=1))
    elif user.unit_id:
        homes = [committee_of(user.unit)]
    else:
        return OrgUnit.objects.none()
    allowed = []
    for home in homes:
        children = OrgUnit.objects.get_children(home).filter(
            kind__in=[Kind.LEADING_BODY, Kind.AGENCY]
        )
        for body in [home, *children]:
            if may_run_oversight(user, body):
                allowed.append(body.pk)
    return OrgUnit.objects.filter(pk__in=allowed).order_by("path")


def subject_units(user):
    """Units a plan of the user's bodies may look at: Party organisations below the
    committee, two levels down."""
    q = Q(pk__in=[])
    for body in bodies_for(user):
        committee = committee_of(body)
        q |= Q(path__startswith=committee.path, depth__gt=committee.depth) & Q(
            depth__lte=committee.depth + SUBJECT_DEPTH
        )
    return OrgUnit.objects.filter(q, kind__in=SUBJECT_KINDS).active_on().order_by("path")


@login_required
def index(request):
    """Where oversight starts for each persona: the plans they see, the cases they work
    or are the subject of, open recommendations, and what they may start."""
    user = request.user
    plans = (
        Plan.objects.for_user(user)
        .select_related("body", "document")
        .annotate(n_subjects=Count("subjects", distinct=True))[:100]
    )
    cases = Case.objects.for_user(user).select_related("subject", "team__plan__body", "conclusion")
    own = user.unit if user.unit_id else None
    mine = (
        [c for c in cases.filter(subject=own)]
        if own is not None and may_answer_for(user, own)
        else []
    )
    working = (
        cases.filter(team__members__person_id=user.person_id).exclude(state=CaseState.CLOSED)
        if user.person_id
        else Case.objects.none()
    )
    recs = (
        Recommendation.objects.for_user(user)
        .issued()
        .still_open()
        .select_related("responsible_unit", "case__subject")
        .order_by("deadline")[:20]
    )
    return render(
        request,
        "oversight/index.html",
        {
            "plans": plans,
            "mine": mine,
            "working": list(working[:50]),
            "recs": recs,
            "today": clock.today(),
            "may_plan": bodies_for(user).exists(),
            "in_charge": bool(charge_of(user)),
        },
    )


def _plan_form(request, plan):
    bodies = bodies_for(request.user)
    if not bodies.exists():
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch kiểm tra, giám sát."))
    initial = {}
    if plan.pk is None:
        codes = [c.upper() for c in request.GET.getlist("subject")]
        initial["subjects"] = subject_units(request.user).filter(code__in=codes)
        body = bodies.filter(code=(request.GET.get("body") or "").upper()).first()
        initial["body"] = body or bodies.first()
        year = clock.today().year
        initial.update(year_from=year, year_to=year)
    return PlanForm(
        request.POST or None,
        instance=plan,
        initial=initial,
        bodies=bodies,
        units=subject_units(request.user),
        documents=Document.objects.for_user(request.user).order_by("-issue_date", "symbol"),
        programmes=Programme.objects.for_user(request.user).filter(parent__isnull=True),
    )


def _save_plan(request, form, plan, message):
    data = form.cleaned_data
    fields = {k: v for k, v in data.items() if k in services.PLAN_FIELDS}
    try:
        plan = services.save_plan(
            request.user,
            plan,
            fields,
            subjects=data.get("subjects") or [],
            documents=data.get("documents") or [],
            programmes=data.get("programmes") or [],
        )
    except ValidationError as exc:
        show_on_form(form, exc)
        return None
    log.info("user %s saved oversight plan %s", request.user, plan.pk)
    messages.success(request, message)
    return redirect(plan)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    plan = Plan()
    form = _plan_form(request, plan)
    if request.method == "POST" and form.is_valid():
        saved = _save_plan(request, form, plan, _("Đã lưu dự thảo kế hoạch."))
        if saved is not None:
            return saved
    return render(
        request,
        "oversight/plan_form.html",
        {"form": form, "title": _("Lập kế hoạch kiểm tra, giám sát")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, uid):
    plan, _may = get_oversight_plan_for_user(request.user, uid, change=True)
    if plan.issued:
        messages.error(
            request, _("Kế hoạch đã ban hành; muốn thay đổi hãy ban hành kế hoạch điều chỉnh.")
        )
        return redirect(plan)
    form = _plan_form(request, plan)
    if request.method == "POST" and form.is_valid():
        saved = _save_plan(request, form, plan, _("Đã lưu thay đổi."))
        if saved is not None:
            return saved
    return render(
        request,
        "oversight/plan_form.html",
        {"form": form, "plan": plan, "title": _("Sửa dự thảo kế hoạch")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def plan_detail(request, uid, issue_form=None):
    plan, may_change = get_oversight_plan_for_user(request.user, uid)
    # A plan is read by each of its subjects; each reads its own case, not a neighbour's.
    visible = Case.objects.for_user(request.user).select_related("subject")
    teams = list(
        plan.teams.select_related("document").prefetch_related(
            "members__person", "members__position__unit", Prefetch("cases", queryset=visible)
        )
    )
    with_team = set(Case.objects.filter(team__plan=plan).values_list("subject_id", flat=True))
    subjects = list(plan.subjects.order_by("path"))
    return render(
        request,
        "oversight/plan.html",
        {
            "plan": plan,
            "may_change": may_change,
            "subjects": subjects,
            "without_team": [u for u in subjects if u.pk not in with_team],
            "teams": teams,
            "documents": plan.documents.all(),
            "programmes": plan.programmes.all(),
            "issue_form": issue_form or IssueForm(initial={"issue_date": clock.today()}),
            "history": history_rows(plan),
        },
        status=400 if issue_form is not None else 200,
    )


@login_required
@require_POST
def plan_issue(request, uid):
    plan, _may = get_oversight_plan_for_user(request.user, uid, change=True)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.issue_plan(
                request.user,
                plan,
                symbol=form.cleaned_data["symbol"],
                issue_date=form.cleaned_data["issue_date"],
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request,
                _("Đã ban hành kế hoạch %(s)s; văn bản đã vào sổ đăng ký.")
                % {"s": plan.document.symbol},
            )
            return redirect(plan)
    return plan_detail(request, uid, issue_form=form)


def team_people(plan):
    """The people a team may be drawn from: those holding posts today in the body's
    committee or in one of its own bodies (Standing Committee, Inspection Commission,
    advisory boards)."""
    committee = committee_of(plan.body)
    units = OrgUnit.objects.filter(
        Q(pk=committee.pk) | Q(path__startswith=committee.path, depth=committee.depth + 1)
    ).exclude(kind__in=SUBJECT_KINDS[:2], depth=committee.depth + 1)
    people = Tenure.objects.active_on().filter(position__unit__in=units).values("person_id")
    return Person.objects.filter(pk__in=people).order_by("full_name")


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request, uid):
    plan, _may = get_oversight_plan_for_user(request.user, uid, change=True)
    taken = Case.objects.filter(team__plan=plan).values("subject_id")
    subjects = plan.subjects.exclude(pk__in=taken).order_by("path")
    form = TeamForm(
        request.POST or None,
        subjects=subjects,
        people=team_people(plan),
        initial={"subjects": subjects, "issue_date": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = services.form_team(
                request.user,
                plan,
                {k: data[k] for k in services.TEAM_FIELDS},
                members=form.members(),
                subjects=data["subjects"],
                symbol=data["symbol"],
                issue_date=data["issue_date"],
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request,
                _("Đã thành lập %(t)s (%(s)s); các đơn vị là đối tượng đã được thông báo.")
                % {"t": team.name, "s": team.document.symbol},
            )
            return redirect(team)
    return render(
        request,
        "oversight/team_form.html",
        {"form": form, "plan": plan},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def team_detail(request, uid):
    team, may_change = get_team_for_user(request.user, uid)
    members = team.members.select_related("person", "position__unit")
    cases = (
        Case.objects.for_user(request.user)
        .filter(team=team)
        .select_related("subject", "conclusion")
    ).annotate(
        n_recs=Count("recommendations"),
        n_open=Count("recommendations", filter=~Q(recommendations__state="done")),
    )
    return render(
        request,
        "oversight/team.html",
        {
            "team": team,
            "plan": team.plan,
            "members": members,
            "cases": cases,
            "may_change": may_change,
            "today": clock.today(),
        },
    )
