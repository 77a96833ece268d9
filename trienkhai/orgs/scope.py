"""Who sees which part of the tree: the scope of a user, next to the tree it is cut
from. A user sees the subtree of its own unit plus the subtrees of the units its person
is currently assigned to (phân công phụ trách) and, for a member of a steering committee
(Ban Chỉ đạo: its unit is the user's, or its person holds a post there), the subtree of
the committee that steering committee belongs to, read-only; it changes objects only in its own
unit's subtree, and only with a role that edits. Superusers see and change everything.

This module knows paths, not models: `Model.objects.for_user(user)` (each app's
querysets) filter with `Scope.q()` or `in_scope_or_above()`, and the public per-kind
helpers of `accounts.access` decide about one object. So models import this module,
`accounts.access` imports the models, and nothing imports back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

# django-treebeard's materialised path: 4 characters a level, 0-9 and A-Z.
STEPLEN = 4
PATH_MAX = 255


def subtree_q(path: str, prefix: str = "") -> Q:
    """Rows whose unit path starts with `path` (the unit and everything under it).

    The LIKE prefix is what defines the subtree; the equivalent range lets PostgreSQL
    walk the path index in order for `ORDER BY path LIMIT n`, which it cannot do from a
    LIKE alone under a non-C collation. Paths only use 0-9 and A-Z.
    """
    return Q(
        **{
            f"{prefix}path__startswith": path,
            f"{prefix}path__gte": path,
            f"{prefix}path__lte": path + "Z" * (PATH_MAX - len(path)),
        }
    )


def subtrees_q(paths, prefix: str = "") -> Q:
    """Rows whose unit is under any of `paths` (none when `paths` is empty)."""
    q = Q(pk__in=[])
    for path in paths:
        q |= subtree_q(path, prefix)
    return q


def is_below(path: str, root: str, *, strictly: bool = False) -> bool:
    """Is the unit at `path` the unit at `root` or under it (`strictly`: under it only)?
    The one "is X below Y" rule; `OrgUnit.is_under` asks it of two units."""
    return path.startswith(root) and not (strictly and path == root)


def ancestors(path: str) -> list[str]:
    """Paths of the units above `path`, from the top down."""
    return [path[:i] for i in range(STEPLEN, len(path), STEPLEN)]


def committee_path(path: str) -> str:
    """The path of the committee a body at `path` belongs to: the unit above it (itself
    at the top of the tree)."""
    return path[:-STEPLEN] if len(path) > STEPLEN else path


@dataclass(frozen=True)
class Scope:
    everything: bool
    own_path: str | None
    assigned_paths: tuple[str, ...]
    can_edit: bool
    can_write: bool = False
    # The steering committees (Ban Chỉ đạo) the user belongs to, whose committee above
    # it reads (among `assigned_paths`).
    steering_paths: tuple[str, ...] = ()

    @property
    def roots(self) -> tuple[str, ...]:
        paths = ((self.own_path,) if self.own_path else ()) + self.assigned_paths
        # Drop roots already covered by another root.
        return tuple(p for p in paths if not any(p != o and p.startswith(o) for o in paths))

    @property
    def above(self) -> set[str]:
        """Paths of the units above the roots (their ancestors)."""
        return {a for root in self.roots for a in ancestors(root)}

    def sees(self, path: str) -> bool:
        return self.everything or any(is_below(path, root) for root in self.roots)

    def sees_or_above(self, path: str) -> bool:
        """Visible, or a unit above the visible ones (whose programmes they implement)."""
        return self.sees(path) or path in self.above

    def changes(self, path: str) -> bool:
        """May change what belongs to the unit at `path` (an editor of its subtree)."""
        if self.everything:
            return True
        return self.can_edit and self.own_path is not None and is_below(path, self.own_path)

    def writes_for(self, path: str) -> bool:
        """May write a unit's own plans, tasks, progress and reports: the writers (office
        and reporters) of its own subtree; leaders and inspectors only read."""
        if self.everything:
            return True
        return self.can_write and self.own_path is not None and is_below(path, self.own_path)

    def reviews_for(self, path: str) -> bool:
        """May accept or return a unit's report: a writer of a unit strictly above it,
        never the unit itself, so nobody approves their own report."""
        if self.everything:
            return True
        return (
            self.can_write
            and self.own_path is not None
            and is_below(path, self.own_path, strictly=True)
        )

    def keeps_unowned(self) -> bool:
        """Objects owned by no unit of the tree (Central and State documents, the shared
        reporting periods) are kept by the editors of a top unit (the province office)."""
        if self.everything:
            return True
        return self.can_edit and self.own_path is not None and len(self.own_path) == STEPLEN

    def q(self, prefix: str = "") -> Q:
        if self.everything:
            return Q()
        return subtrees_q(self.roots, prefix)


NOBODY = Scope(everything=False, own_path=None, assigned_paths=(), can_edit=False)


def _inspects_committee(user) -> bool:
    """An inspector of a committee's Inspection Commission (or of its Standing Committee)
    reads the committee's subtree."""
    unit = user.unit
    return user.has_role("inspector") and (
        unit.kind == "leading_body" or unit.is_inspection_commission
    )


def scope_for(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, "_tk_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(
            everything=True, own_path=None, assigned_paths=(), can_edit=True, can_write=True
        )
    else:
        assigned, steering = user.read_paths()
        own = user.unit.path if user.unit_id else None
        # A member of a steering committee reads the subtree of the committee it belongs
        # to (the unit above it), where the programmes it oversees are carried out.
        reads = (*assigned, *(committee_path(path) for path in steering))
        if own and len(own) > STEPLEN and _inspects_committee(user):
            # An inspector of a committee's Inspection Commission (or another of its
            # bodies) reads the committee's subtree (Quy chế 08-QC/TW), read-only.
            reads = (*reads, own[:-STEPLEN])
        scope = Scope(
            everything=False,
            own_path=own,
            assigned_paths=reads,
            can_edit=user.edits(),
            can_write=user.writes(),
            steering_paths=steering,
        )
    user._tk_scope = scope
    return scope


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
