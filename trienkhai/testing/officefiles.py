"""Hand-built .xlsx and .docx packages, for files no office program would write: the
crafted ones of the security review (millions of shared strings, a sheet declared 16,384
columns wide, 300,000 empty paragraphs, broken XML) and small well-formed ones."""

import io
import zipfile

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _zip(parts: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buf.getvalue()


def xlsx(sheet_data="", *, shared=(), dimension="A1", title="Sheet1", extra=None) -> bytes:
    """A one-sheet workbook; `sheet_data` is the XML inside <sheetData>, `shared` the
    shared strings (an iterable of their <si> XML, or of plain strings)."""
    strings = "".join(s if s.startswith("<si") else f"<si><t>{s}</t></si>" for s in shared)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
            f'Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/>'
            f"<sheetData>{sheet_data}</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst xmlns="{_MAIN}">{strings}</sst>',
    }
    parts.update(extra or {})
    return _zip(parts)


def rows(*values) -> str:
    """<row> XML of inline-string cells, one row per tuple of texts."""
    out = []
    for number, row in enumerate(values, start=1):
        cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in row)
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def docx(body: str, *, extra=None) -> bytes:
    """A Word package whose <w:body> holds `body`."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            f'<?xml version="1.0"?><w:document xmlns:w="{_WORD}"><w:body>{body}</w:body>'
            "</w:document>"
        ),
    }
    parts.update(extra or {})
    return _zip(parts)


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
