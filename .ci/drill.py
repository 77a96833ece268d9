"""The restore drill's two halves, run with `manage.py shell` (see .ci/restore-drill).

seed:   attach a few files to the demo's documents, as an upload would, so that the
        backup has attachments to carry.
verify: on the restored database and media folder, every attachment row's file exists
        with the size and SHA-256 of the original (ORIGINAL_MEDIA), and say how many.
"""

import hashlib
import os
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models

from trienkhai.documents.models import Document, DocumentFile


def file_fields():
    for model in apps.get_models():
        for field in model._meta.fields:
            if isinstance(field, models.FileField):
                yield model, field.name


def seed():
    for i, document in enumerate(Document.objects.order_by("pk")[:12]):
        body = f"Bản sao {document.symbol} — tệp đính kèm số {i}\n".encode() * (200 + 37 * i)
        attachment = DocumentFile(document=document, name=f"{document.symbol}.txt", size=len(body))
        attachment.file.save(f"drill-{i}.txt", ContentFile(body), save=True)
    print("seeded", DocumentFile.objects.count(), "attachments")


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def verify():
    original = Path(os.environ["ORIGINAL_MEDIA"])
    checked = 0
    for model, name in file_fields():
        for row in model.objects.exclude(**{name: ""}):
            stored = getattr(row, name)
            restored_path = Path(stored.path)
            assert restored_path.exists(), f"{model.__name__} {row.pk}: {stored.name} missing"
            assert digest(restored_path) == digest(original / stored.name), stored.name
            checked += 1
    assert checked > 0, "no attachment was restored"
    print("attachments restored and identical:", checked)


{"seed": seed, "verify": verify}[os.environ["DRILL"]]()
