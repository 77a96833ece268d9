"""Office files (.xlsx, .docx) read within limits, never trusted to be what they say.

An .xlsx or .docx is a zip of XML parts, so a file of a few kilobytes can unpack to
gigabytes, declare a sheet of 16,384 columns or hold 300,000 empty paragraphs. Before
any library builds a workbook or a document from it, `check_xlsx` reads every XML part
once, streaming, and stops at the first limit a real file of its kind stays within;
`docx_lines` reads a Word document's text the same way. Malformed XML is refused as a
damaged file. Every refusal is a `FileRefused` (a ValueError) whose text is for the user.

The parser resolves no entity, loads no DTD, opens no network and keeps lxml's default
limits on depth and text size; parts are read through `zipfile`, which never returns
more than a part's declared size, and the declared sizes are checked first.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from lxml import etree

from trienkhai.lib.vnformat import format_number, format_size


class FileRefused(ValueError):
    """A file over a limit or damaged; str() is the Vietnamese message."""


@dataclass(frozen=True)
class Limits:
    unpacked: int  # bytes of all parts once unzipped
    parts: int = 2_000
    rows: int = 0
    columns: int = 0
    cells: int = 0
    shared_strings: int = 0
    paragraphs: int = 0
    characters: int = 0
    tags: int = 0  # "<" in all XML parts: bounds the elements a parser may build
    part_tags: int = 200_000  # the same in any other part (styles, relationships…)


# A province's whole tree, a national conference's ~31,000 bridge points or a report
# of every task stays well inside these; the crafted files of the review do not.
XLSX = Limits(
    unpacked=100 * 1024 * 1024,
    rows=100_000,
    columns=256,
    cells=1_000_000,
    shared_strings=500_000,
    tags=6_000_000,
)
# The longest resolution with its annexes runs to a few thousand paragraphs.
DOCX = Limits(unpacked=100 * 1024 * 1024, paragraphs=50_000, characters=2_000_000, tags=3_000_000)

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
}
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})$")


def _over(what: str, limit: int) -> FileRefused:
    return FileRefused(
        _(
            "Tệp có hơn %(limit)s %(what)s, quá giới hạn của một tệp thật loại này. "
            "Hãy chia nhỏ tệp hoặc kiểm tra lại nội dung."
        )
        % {"limit": format_number(limit), "what": what}
    )


def damaged(kind: str) -> FileRefused:
    """The refusal of a damaged file of `kind` ("xlsx" or "docx")."""
    if kind == "docx":
        return FileRefused(_("Tệp không phải là tài liệu Word (.docx) hợp lệ."))
    return FileRefused(_("Không đọc được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx."))


def _open_zip(data: bytes, limits: Limits, kind: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise damaged(kind) from None
    if len(members) > limits.parts:
        raise _over(_("phần trong tệp nén"), limits.parts)
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.unpacked:
        raise FileRefused(
            _("Tệp giải nén ra %(size)s, quá giới hạn %(limit)s.")
            % {"size": format_size(unpacked), "limit": format_size(limits.unpacked)}
        )
    return archive


def _tag_count(archive: zipfile.ZipFile, name: str) -> int:
    """How many "<" a part holds: at least one per element it declares, counted at the
    speed of a byte scan, before a parser builds any of them."""
    count = 0
    with archive.open(name) as source:
        while chunk := source.read(1 << 20):
            count += chunk.count(b"<")
    return count


def _check_tags(archive: zipfile.ZipFile, names, limits: Limits, kind: str, main=()) -> None:
    total = 0
    for name in names:
        try:
            count = _tag_count(archive, name)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise damaged(kind) from None
        total += count
        if name not in main and count > limits.part_tags or total > limits.tags:
            raise _over(_("phần tử XML"), limits.tags if total > limits.tags else limits.part_tags)


def _events(archive: zipfile.ZipFile, name: str, kind: str, tags=None, events=("end",)):
    """(event, element) of one part, streaming; a damaged part is refused."""
    try:
        with archive.open(name) as source:
            yield from etree.iterparse(source, events=events, tag=tags, **_PARSER_OPTIONS)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, FileRefused):
            raise
        raise damaged(kind) from None


def _drop_before(element) -> None:
    """Drop the siblings already read before `element`."""
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _free(element) -> None:
    """Drop an element once read, and the siblings already read before it."""
    element.clear()
    _drop_before(element)


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _check_sheet(archive, name, limits: Limits) -> int:
    """Rows and columns of one worksheet as its cells place them; returns its cells.
    Start events only, one per row and per cell: a row's start frees the rows before."""
    cells = row = column = 0
    tags = (f"{{{_MAIN}}}row", f"{{{_MAIN}}}c")
    for _event, element in _events(archive, name, "xlsx", tags, ("start",)):
        if element.tag.endswith("}row"):
            reference = element.get("r")
            row = int(reference) if reference and reference.isdigit() else row + 1
            column = 0
            if row > limits.rows:
                raise _over(_("dòng"), limits.rows)
            _drop_before(element)
            continue
        cells += 1
        match = _CELL_REF.match(element.get("r") or "")
        column = _column_number(match.group(1)) if match else column + 1
        if column > limits.columns:
            raise _over(_("cột"), limits.columns)
        if cells > limits.cells:
            raise _over(_("ô dữ liệu"), limits.cells)
    return cells


def check_xlsx(data: bytes, limits: Limits = XLSX) -> None:
    """Refuse (FileRefused) an .xlsx over the limits or with a damaged XML part."""
    archive = _open_zip(data, limits, "xlsx")
    parts = [n for n in archive.namelist() if n.lower().endswith((".xml", ".rels"))]
    sheets = [n for n in parts if n.startswith("xl/worksheets/") and n.count("/") == 2]
    _check_tags(archive, parts, limits, "xlsx", main=(*sheets, "xl/sharedStrings.xml"))
    cells = 0
    for name in parts:
        if name in sheets:
            cells += _check_sheet(archive, name, limits)
            if cells > limits.cells:
                raise _over(_("ô dữ liệu"), limits.cells)
        elif name == "xl/sharedStrings.xml":
            count = 0
            tag = f"{{{_MAIN}}}si"
            for _event, element in _events(archive, name, "xlsx", tag, ("start",)):
                count += 1
                if count > limits.shared_strings:
                    raise _over(_("chuỗi văn bản"), limits.shared_strings)
                if count % 4096 == 0:  # drop the strings read so far, keep this one
                    del element.getparent()[:-1]
        else:  # well-formed is all we ask; the tag count bounds its size
            for _event in _events(archive, name, "xlsx", "{-}none"):
                pass


def _main_part(archive: zipfile.ZipFile, limits: Limits) -> str:
    """The document part the package's relationships name (word/document.xml usually)."""
    try:
        archive.getinfo("_rels/.rels")
    except KeyError:
        raise damaged("docx") from None
    _check_tags(archive, ["_rels/.rels"], limits, "docx")
    for _event, element in _events(archive, "_rels/.rels", "docx"):
        if (element.get("Type") or "").endswith("/officeDocument"):
            target = (element.get("Target") or "").lstrip("/")
            if target in archive.namelist():
                return target
    raise damaged("docx")


def docx_lines(data: bytes, limits: Limits = DOCX) -> list[str]:
    """The text of a .docx in reading order: one line per paragraph, one per table row
    (its cells separated by tabs). Refuses (FileRefused) a file over the limits."""
    archive = _open_zip(data, limits, "docx")
    name = _main_part(archive, limits)
    _check_tags(archive, [name], limits, "docx", main=(name,))
    lines: list[str] = []
    paragraphs: list[list[str]] = []  # the text of each open paragraph (they can nest)
    cells: list[list[list[str]]] = []  # per open table row: its cells' paragraphs
    count = characters = 0
    w = f"{{{_WORD}}}"
    tags = [w + t for t in ("p", "t", "tab", "br", "cr", "tr", "tc")]
    for event, element in _events(archive, name, "docx", tags, ("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == w + "p":
                paragraphs.append([])
            elif tag == w + "tr":
                cells.append([])
            elif tag == w + "tc" and cells:
                cells[-1].append([])
            continue
        if tag == w + "t" and paragraphs:
            text = element.text or ""
            characters += len(text)
            if characters > limits.characters:
                raise _over(_("ký tự"), limits.characters)
            paragraphs[-1].append(text)
        elif tag == w + "tab" and paragraphs:
            paragraphs[-1].append("\t")
        elif tag in (w + "br", w + "cr") and paragraphs:
            paragraphs[-1].append("\n")
        elif tag == w + "p":
            count += 1
            if count > limits.paragraphs:
                raise _over(_("đoạn văn"), limits.paragraphs)
            text = "".join(paragraphs.pop()) if paragraphs else ""
            if cells and cells[-1]:
                cells[-1][-1].append(text)
            else:
                lines.append(text)
            _free(element)
        elif tag == w + "tr" and cells:
            row = cells.pop()
            line = "\t".join("\n".join(cell) for cell in row)
            if cells and cells[-1]:
                cells[-1][-1].append(line)
            else:
                lines.append(line)
            _free(element)
    return lines
