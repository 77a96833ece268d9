"""Text out of uploaded files."""

from trienkhai.core.officefiles import docx_lines


def docx_text(upload) -> str:
    """The text of a .docx file, one line per paragraph or table row, in reading order.
    Refuses (ValueError with the user's message) files that are not Word documents, are
    damaged, or are over the limits of a real document (`core.officefiles.DOCX`)."""
    return "\n".join(docx_lines(upload.read()))
