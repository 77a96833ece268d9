"""Text out of uploaded files."""

import zipfile

from django.utils.translation import gettext as _


def docx_text(upload) -> str:
    """The paragraphs of a .docx file, one per line. Refuses files that are not Word
    documents (a renamed binary, a zip without a document part)."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(upload)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise ValueError(_("Tệp không phải là tài liệu Word (.docx) hợp lệ.")) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
