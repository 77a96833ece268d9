"""The shape of the code: no import cycle (imports inside functions count), no module
past 600 lines outside tests and migrations."""

import re
from pathlib import Path

from trienkhai.lib import imports

PACKAGE = Path(__file__).resolve().parents[2]


def test_the_project_has_no_import_cycle_even_through_imports_inside_functions():
    found = imports.cycles(imports.graph(PACKAGE, "trienkhai"))
    assert found == [], f"modules importing each other: {found}"


def test_the_cycle_finder_sees_a_cycle_hidden_inside_a_function(tmp_path):
    (tmp_path / "a.py").write_text("import pkg.b\n")
    (tmp_path / "b.py").write_text("def f():\n    from pkg.c import x\n")
    (tmp_path / "c.py").write_text("from pkg import a\n")
    (tmp_path / "d.py").write_text("from pkg import a\n")
    (tmp_path / "__init__.py").write_text("")
    assert imports.cycles(imports.graph(tmp_path, "pkg")) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_no_module_outside_tests_and_migrations_passes_600_lines():
    long = {
        str(path.relative_to(PACKAGE)): n
        for name, path in imports.modules(PACKAGE, "trienkhai").items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}, f"split these by noun: {long}"


# A number printed into a field's name, an element's id or a link is a key, not a figure:
# with the thousands separator on (settings.USE_THOUSAND_SEPARATOR, "1.233"), task 1233's
# field came back as "task-1.233-progress" and its progress was dropped.
# A year reads "2.021" the same way.
KEY_IN_TEMPLATE = re.compile(
    r"\{\{\s*([\w.]*(\.pk|\.id|\.\w+_id|page_number|\.year|\.year_\w+|_year))\s*\}\}"
)
# Form fields render through their widget, which does not localize an integer.
BOUND_FIELDS = {"f.upper_id"}


def test_no_template_prints_a_key_a_page_number_or_a_year_with_the_thousands_separator():
    found = [
        f"{path.relative_to(PACKAGE)}:{n}: {match.group(0)}"
        for path in PACKAGE.rglob("*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in KEY_IN_TEMPLATE.finditer(line)
        if match.group(1) not in BOUND_FIELDS
    ]
    assert not found, "use |unlocalize:\n" + "\n".join(found)
