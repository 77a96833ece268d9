"""Factories for the document registry: the seed's documents registered as the demo
does (through `documents.demo.load`, the extractor and `registry.register`), and one
document registered the same way."""

import datetime

from trienkhai.documents import demo
from trienkhai.documents.models import Document
from trienkhai.documents.registry import Draft, register

from . import factories as make

seed_text = demo.seed_text


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""For `settings.PASSWORD_HASHERS` in a test module's autouse fixture: the world's nine
accounts then take milliseconds instead of two seconds of Argon2 per test."""


def seed_documents():
    """The seed's twelve documents of Tỉnh ủy Thanh Hóa (TU-38 must exist, as in the
    `world`), their links (610-KL/TU continues 02-NQ/TU) and the steering committee
    715-QĐ/TU established; returns them by symbol."""
    demo.load()
    return {d.symbol: d for d in Document.objects.filter(issuing_unit__code="TU-38")}


def registered(issuing_unit, symbol, title=None, *, issue_date=None, **fields):
    """One document registered as from pasted text (`registry.register`): the place of
    its date line is the issuing unit's province, its organ read from `body_text`."""
    (made,) = register(
        [
            Draft(
                symbol=symbol,
                issue_date=issue_date or datetime.date(2021, 6, 1),
                issuing_unit=issuing_unit,
                title=title or f"Văn bản {symbol}",
                **fields,
            )
        ]
    )
    return made


document = make.document

__all__ = ["FAST_HASHERS", "document", "registered", "seed_documents", "seed_text"]
