"""The one permission layer.

A user sees the subtree of its own unit plus the subtrees of the units its person
is currently assigned to (phân công phụ trách). It may change objects only in its
own unit's subtree, and only with a role that edits (administrator, office).
Superusers see and change everything.

Every view and API endpoint goes through `unit_scope_q` (querysets: each model's
`for_user`) or one of the `get_*_for_user` helpers, which raise 404 for what is not
visible, so a unit outside one's scope looks exactly like a unit that does not exist.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from trienkhai.accounts.models import Role

log = logging.getLogger("trienkhai.access")

EDITOR_ROLES = (Role.ADMIN, Role.OFFICE)


@dataclass(frozen=True)
class Scope:
    everything: bool
    own_path: str | None
    assigned_paths: tuple[str, ...]
    can_edit: bool

    @property
    def roots(self) -> tuple[str, ...]:
        paths = ((self.own_path,) if self.own_path else ()) + self.assigned_paths
        # Drop roots already covered by another root.
        return tuple(p for p in paths if not any(p != o and p.startswith(o) for o in paths))

    @property
    def above(self) -> set[str]:
        """Paths of the units above the roots (their ancestors)."""
        from trienkhai.orgs.models import OrgUnit

        step = OrgUnit.steplen
        return {root[:i] for root in self.roots for i in range(step, len(root), step)}

    def sees(self, path: str) -> bool:
        return self.everything or any(path.startswith(root) for root in self.roots)

    def changes(self, path: str) -> bool:
        if self.everything:
            return True
        return self.can_edit and self.own_path is not None and path.startswith(self.own_path)

    def q(self, prefix: str = "") -> Q:
        if self.everything:
            return Q()
        if not self.roots:
            return Q(pk__in=[])
        from trienkhai.orgs.models import subtree_q

        q = Q()
        for root in self.roots:
            q |= subtree_q(root, prefix)
        return q


NOBODY = Scope(everything=False, own_path=None, assigned_paths=(), can_edit=False)


def is_uuid(value) -> bool:
    """Public ids in URLs are UUIDs; anything else is simply not found."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def scope_for(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, "_tk_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True, own_path=None, assigned_paths=(), can_edit=True)
    else:
        from trienkhai.orgs.models import Assignment

        own = user.unit.path if user.unit_id else None
        assigned = ()
        if user.person_id:
            assigned = tuple(
                Assignment.objects.active_on()
                .filter(person_id=user.person_id)
                .values_list("unit__path", flat=True)
            )
        scope = Scope(
            everything=False,
            own_path=own,
            assigned_paths=assigned,
            can_edit=user.has_role(*EDITOR_ROLES),
        )
    user._tk_scope = scope
    return scope


def unit_scope_q(user, prefix: str = "") -> Q:
    """A Q object restricting a queryset to visible units; `prefix` reaches the unit
    through a relation, e.g. `unit_scope_q(user, "unit__")` on positions."""
    return scope_for(user).q(prefix)


def in_scope_or_above(qs, user, field: str, also: Q | None = None):
    """Rows owned, through `field`, by a unit in the user's scope or by a unit above it:
    lower units read what the upper units issue for them to implement (documents,
    programmes, conferences). `also` adds rows everyone in a scope may read."""
    scope = scope_for(user)
    if scope.everything:
        return qs
    if not scope.roots:
        return qs.none()
    q = scope.q(f"{field}__") | Q(**{f"{field}__path__in": scope.above})
    return qs.filter(q | also if also is not None else q)


def can_see_unit(user, unit) -> bool:
    return scope_for(user).sees(unit.path)


def can_change_unit(user, unit) -> bool:
    return scope_for(user).changes(unit.path)


def get_unit_for_user(user, code: str, *, change: bool = False):
    """Return (unit, may_change). 404 when the unit is not visible; 403 when `change`
    is asked for and the user may only read it."""
    from trienkhai.orgs.models import OrgUnit

    try:
        unit = OrgUnit.objects.get(code=str(code).upper())
    except OrgUnit.DoesNotExist:
        log.info("unit %s not found for %s", code, user)
        raise Http404(_("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": code}) from None
    scope = scope_for(user)
    if not scope.sees(unit.path):
        log.warning("user %s denied unit %s (outside scope)", user, unit.code)
        raise Http404(_("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": code})
    may_change = scope.changes(unit.path)
    if change and not may_change:
        log.warning("user %s may not change unit %s", user, unit.code)
        raise PermissionDenied(_("Bạn không có quyền sửa thông tin của đơn vị này."))
    return unit, may_change


def get_person_for_user(user, uid):
    """Return (person, may_change) for a person visible through a unit in scope."""
    from trienkhai.orgs.models import Person

    person = Person.objects.for_user(user).filter(uid=uid).first() if is_uuid(uid) else None
    if person is None:
        log.warning("user %s denied person %s", user, uid)
        raise Http404(_("Không tìm thấy cán bộ này."))
    from trienkhai.orgs.models import subtree_q

    scope = scope_for(user)
    may_change = scope.everything or (
        scope.can_edit
        and scope.own_path is not None
        and person.tenures.filter(subtree_q(scope.own_path, "position__unit__")).exists()
    )
    return person, may_change


def require_role(user, *roles):
    if not user.has_role(*roles):
        raise PermissionDenied(
            _("Chức năng này dành cho vai trò: %(roles)s.")
            % {"roles": ", ".join(str(Role(r).label) for r in roles)}
        )


def may_change_owned(user, unit) -> bool:
    """May the user change an object owned by `unit` (a document's issuing unit, later a
    programme's unit...)? Objects owned by no unit of the tree (Central and State
    documents) are kept by editors of a root unit (the province office)."""
    scope = scope_for(user)
    if scope.everything:
        return True
    if unit is None:
        from trienkhai.orgs.models import OrgUnit

        root_length = OrgUnit.steplen
        return scope.can_edit and scope.own_path is not None and len(scope.own_path) == root_length
    return scope.changes(unit.path)


def get_document_for_user(user, uid, *, change: bool = False):
    """Return (document, may_change); 404 when not visible, 403 for change if read-only."""
    from trienkhai.documents.models import Document

    document = None
    if is_uuid(uid):
        document = (
            Document.objects.for_user(user).select_related("issuing_unit").filter(uid=uid).first()
        )
    if document is None:
        log.warning("user %s denied document %s", user, uid)
        raise Http404(_("Không tìm thấy văn bản này."))
    may_change = may_change_owned(user, document.issuing_unit)
    if change and not may_change:
        raise PermissionDenied(_("Bạn không có quyền sửa văn bản này."))
    return document, may_change


WRITER_ROLES = (Role.ADMIN, Role.OFFICE, Role.REPORTER)


def may_write_for_unit(user, unit) -> bool:
    """May the user write a unit's own plans, tasks and progress? Reporters do it for the
    units of their own subtree, as offices do; leaders and inspectors only read."""
    scope = scope_for(user)
    if scope.everything:
        return True
    return (
        unit is not None
        and scope.own_path is not None
        and unit.path.startswith(scope.own_path)
        and user.has_role(*WRITER_ROLES)
    )


def may_review_for_unit(user, unit) -> bool:
    """May the user accept or return a unit's report? The level above does: a writer
    (administrator, office, reporter) of a unit strictly above it; never the unit
    itself, so nobody approves their own report."""
    scope = scope_for(user)
    if scope.everything:
        return True
    return (
        unit is not None
        and scope.own_path is not None
        and unit.path.startswith(scope.own_path)
        and unit.path != scope.own_path
        and user.has_role(*WRITER_ROLES)
    )
