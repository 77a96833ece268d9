"""A report as a Word file: the văn thư's template (`data/bao-cao.docx`, docxtpl) holds
the heading, the signature and "Nơi nhận"; the body is written into it as a sub-document
of headings, paragraphs, tables and charts (PNG, from the same SVG as the page)."""

import io
from pathlib import Path

from django.conf import settings
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from trienkhai.exports import charts
from trienkhai.exports.document import Chart, Report, Section, Table
from trienkhai.exports.values import cell_text

TEMPLATE = Path(__file__).resolve().parent / "data" / "bao-cao.docx"
FONT = "Times New Roman"


def _run_font(run, size=14, bold=None, italic=None):
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic


def _paragraph(
    doc, text, *, size=14, bold=False, italic=False, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY
):
    p = doc.add_paragraph()
    p.alignment = align
    p.paragraph_format.first_line_indent = Mm(12.7) if indent else Mm(0)
    p.paragraph_format.space_after = Pt(6)
    _run_font(p.add_run(text), size, bold, italic)
    return p


def _table(doc, table: Table):
    _paragraph(doc, table.title, size=13, bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, (header, _kind) in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run_font(p.add_run(str(header)), 12, bold=True)
    for values in table.rows:
        cells = grid.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            kind = table.columns[i][1]
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if kind == "text" else WD_ALIGN_PARAGRAPH.RIGHT
            if kind == "count":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run_font(p.add_run(cell_text(value, kind, _decimals(table, i))), 12)
    _widths(grid, table)
    if table.note:
        _paragraph(doc, table.note, size=12, italic=True, indent=False)
    else:
        doc.add_paragraph()


FIXED_MM = {"count": 12, "number": 22, "percent": 22}


def _widths(grid, table):
    """Narrow columns for numbers; the rest of the text width shared by the text columns
    by the length of what they hold (Word and LibreOffice otherwise make them equal)."""
    margins = settings.TK_REPORT_MARGINS_MM
    text_width = 210 - margins["left"] - margins["right"]
    kinds = [kind for _h, kind in table.columns]
    fixed = sum(FIXED_MM.get(k, 0) for k in kinds)
    weights = {}
    for i, kind in enumerate(kinds):
        if kind in FIXED_MM:
            continue
        longest = max([len(str(row[i] or "")) for row in table.rows] + [8])
        weights[i] = min(longest, 60)
    total = sum(weights.values()) or 1
    grid.autofit = False
    for i, kind in enumerate(kinds):
        mm = FIXED_MM.get(kind) or max((text_width - fixed) * weights[i] / total, 24)
        grid.columns[i].width = Mm(mm)
        for cell in grid.columns[i].cells:
            cell.width = Mm(mm)


def _decimals(table, i):
    return table.decimals[i] if i < len(table.decimals) else None


def _chart(doc, chart: Chart):
    png = charts.to_png(chart.svg)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(png), width=Mm(min(chart.width_mm, 160)))
    _paragraph(
        doc, chart.title, size=12, italic=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
    )


def _section(doc, section: Section, depth):
    _paragraph(doc, section.heading, size=14, bold=True, indent=depth > 0)
    for part in section.parts:
        if isinstance(part, Section):
            _section(doc, part, depth + 1)
        elif isinstance(part, Table):
            _table(doc, part)
        elif isinstance(part, Chart):
            _chart(doc, part)
        else:
            _paragraph(doc, str(part))


def render(report: Report) -> bytes:
    tpl = DocxTemplate(TEMPLATE)
    tpl.init_docx()
    margins = settings.TK_REPORT_MARGINS_MM
    for section in tpl.docx.sections:
        section.top_margin = Mm(margins["top"])
        section.bottom_margin = Mm(margins["bottom"])
        section.left_margin = Mm(margins["left"])
        section.right_margin = Mm(margins["right"])
    body = tpl.new_subdoc()
    for paragraph in report.preamble:
        _paragraph(body, str(paragraph))
    for section in report.sections:
        _section(body, section, 0)
    h = report.heading
    tpl.render(
        {
            "superior": h.superior,
            "issuer": h.issuer,
            "number": h.number,
            "place_date": h.place_date,
            "kind_name": h.kind_name,
            "summary": h.summary,
            "is_sample": report.is_sample,
            "body": body,
            "on_behalf": report.signature.on_behalf,
            "title": report.signature.title,
            "signer": report.signature.name,
            "recipients": report.recipients,
        },
        autoescape=True,
    )
    tpl.docx.core_properties.title = f"{h.kind_name} {h.summary}"
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
