import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.accounts.access import (
    EDITOR_ROLES,
    get_person_for_user,
    get_unit_for_user,
    get_unit_or_summary_for_user,
    require_role,
    scope_for,
)
from trienkhai.core import importjobs
from trienkhai.core.history import history_rows
from trienkhai.documents.models import Document
from trienkhai.orgs import exports
from trienkhai.orgs.forms import UnitForm, UnitImportForm
from trienkhai.orgs.imports import ImportError_, import_units, read_table, summary
from trienkhai.orgs.models import Assignment, OrgUnit, Person, Tenure
from trienkhai.orgs.tasks import run_unit_import
from trienkhai.programmes.models import Programme

log = logging.getLogger("trienkhai.orgs")

CHILDREN_PAGE = 100
SEARCH_LIMIT = 50


def _with_parents(units):
    """Attach `parent_name` to each unit with one query for all their parents."""
    units = list(units)
    names = OrgUnit.objects.parent_values(units, "name")
    for u in units:
        u.parent_name = names.get(u.parent_path, "")
    return units


def _roots_for(user):
    scope = scope_for(user)
    if scope.everything:
        return OrgUnit.objects.get_root_nodes()
    return OrgUnit.objects.filter(path__in=scope.roots)


@login_required
def tree(request):
    ctx = {
        "roots": _roots_for(request.user),
        "q": request.GET.get("q", ""),
        "can_import": request.user.has_role(*EDITOR_ROLES),
    }
    return render(request, "orgs/tree.html", ctx)


@login_required
def search(request):
    q = request.GET.get("q", "").strip()
    units = []
    if q:
        qs = OrgUnit.objects.for_user(request.user).search(q).order_by("depth", "sort_key")
        units = _with_parents(qs[: SEARCH_LIMIT + 1])
    ctx = {"q": q, "units": units[:SEARCH_LIMIT], "more": len(units) > SEARCH_LIMIT}
    template = "orgs/_search_results.html" if request.htmx else "orgs/search.html"
    return render(request, template, ctx)


@login_required
def unit(request, code):
    unit, full = get_unit_or_summary_for_user(request.user, code)
    if not full:
        return unit_summary(request, unit)
    may_change = scope_for(request.user).changes(unit.path)
    scope = scope_for(request.user)
    ancestors = [(a, scope.sees(a.path)) for a in OrgUnit.objects.get_ancestors(unit)]
    children = Paginator(
        OrgUnit.objects.get_children(unit).in_display_order(), CHILDREN_PAGE
    ).get_page(request.GET.get("page"))
    tenures = (
        Tenure.objects.active_on()
        .filter(position__unit=unit)
        .select_related("person", "position")
        .order_by("position__rank", "person__sort_key")
    )
    in_charge = (
        Assignment.objects.active_on()
        .filter(unit__path__in=[a.path for a, _seen in ancestors] + [unit.path])
        .select_related("person", "unit")
        .order_by("unit__depth")
    )
    ctx = {
        "unit": unit,
        "may_change": may_change,
        "ancestors": ancestors,
        "children": children,
        "tenures": tenures,
        "in_charge": in_charge,
        "predecessors": unit.predecessors.all(),
        "descendant_count": OrgUnit.objects.under(unit, include_self=False).count(),
        "history": history_rows(unit),
    }
    return render(request, "orgs/unit.html", ctx)


def unit_summary(request, unit):
    """A unit above the user's scope, read-only: who leads it and what it issued for the
    units below to implement (its programmes and documents), nothing of its other units."""
    tenures = (
        Tenure.objects.active_on()
        .filter(position__unit=unit)
        .select_related("person", "position")
        .order_by("position__rank", "person__sort_key")
    )
    ctx = {
        "unit": unit,
        "tenures": tenures,
        "programmes": Programme.objects.for_user(request.user)
        .filter(unit=unit)
        .select_related("document")
        .order_by("kind", "title"),
        "documents": Document.objects.for_user(request.user)
        .filter(issuing_unit=unit)
        .order_by("-issue_date")[:20],
    }
    return render(request, "orgs/unit_summary.html", ctx)


@login_required
def unit_children(request, code):
    """The children of a unit as tree items, for HTMX expansion in the tree browser."""
    unit, _may_change = get_unit_for_user(request.user, code)
    page = Paginator(OrgUnit.objects.get_children(unit).in_display_order(), CHILDREN_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "orgs/_tree_children.html", {"unit": unit, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, code):
    unit, _may_change = get_unit_for_user(request.user, code, change=True)
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        log.info("user %s changed unit %s", request.user, unit.code)
        messages.success(request, _("Đã lưu thông tin đơn vị."))
        return redirect(unit)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit, "parent": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_add_child(request, code):
    parent, _may_change = get_unit_for_user(request.user, code, change=True)
    form = UnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            child = OrgUnit.objects.add_child(parent, instance=form.save(commit=False))
        log.info("user %s added unit %s under %s", request.user, child.code, parent.code)
        messages.success(request, _("Đã thêm đơn vị “%(name)s”.") % {"name": child.name})
        return redirect(child)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": None, "parent": parent})


@login_required
def unit_export(request, code, fmt):
    unit, _may_change = get_unit_for_user(request.user, code)
    units = OrgUnit.objects.under(unit).select_related("successor")
    return exports.units_response(units, f"don-vi-{unit.code}", fmt)


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request):
    require_role(request.user, *EDITOR_ROLES)
    form = UnitImportForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(upload)
            if importjobs.in_background(len(rows) - 1):  # a large file: the worker imports it
                job = importjobs.start(
                    request.user,
                    "units",
                    upload,
                    rows=len(rows) - 1,
                    task=run_unit_import,
                    next_url=reverse("orgs:tree"),
                )
                return redirect(job)
            result = import_units(upload, user=request.user, rows=rows)
        except ImportError_ as exc:
            errors = exc.errors
            log.warning("unit import by %s refused: %d errors", request.user, len(errors))
        else:
            log.info("unit import by %s: %s", request.user, result)
            messages.success(request, summary(result))
            return redirect("orgs:tree")
    status = 400 if errors else 200
    return render(request, "orgs/import.html", {"form": form, "errors": errors}, status=status)


@login_required
def import_template(request, fmt):
    return exports.template_response(fmt)


@login_required
def people(request):
    q = request.GET.get("q", "").strip()
    qs = Person.objects.for_user(request.user)
    if q:
        qs = qs.search(q)
    page = Paginator(qs.order_by("sort_key"), 50).get_page(request.GET.get("page"))
    # Current positions of the people on this page, in one query.
    tenures = (
        Tenure.objects.active_on()
        .filter(person__in=page.object_list)
        .select_related("position__unit")
        .order_by("position__rank")
    )
    by_person = {}
    scope = scope_for(request.user)
    for t in tenures:
        if scope.sees(t.position.unit.path):
            by_person.setdefault(t.person_id, []).append(t)
    for p in page.object_list:
        p.current = by_person.get(p.pk, [])
    template = "orgs/_people_rows.html" if request.htmx else "orgs/people.html"
    return render(request, template, {"page": page, "q": q})


@login_required
def person(request, uid):
    person, may_change = get_person_for_user(request.user, uid)
    scope = scope_for(request.user)
    tenures = person.tenures.select_related("position__unit").order_by("-start")
    assignments = person.assignments.select_related("unit").order_by("unit__path")
    ctx = {
        "person": person,
        "may_change": may_change,
        # Only what happened in units the user may see.
        "tenures": [(t, True) for t in tenures if scope.sees(t.position.unit.path)],
        "assignments": [(a, True) for a in assignments if scope.sees(a.unit.path)],
    }
    return render(request, "orgs/person.html", ctx)
