"""`field__any_of=ids`: membership in a long list of ids as one parameter. Django's `__in`
writes one placeholder per id; at province scale (tens of thousands of targets) the SQL
runs to hundreds of kilobytes and the driver spends longer splitting it than the
database spends answering (docs/benchmarks.md). On PostgreSQL this writes
`col = ANY(%s::bigint[])`, one array; elsewhere (SQLite) the plain `IN (...)`."""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(v) for v in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = sorted(set(self.rhs))
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # `target_id__any_of`, `upper__any_of`
