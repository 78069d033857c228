import datetime as dt
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.models import Document, DocumentFile, DocumentType, IssuingBody
from documents.pdf import make_pdf


def pdf_upload(lines=("NGHỊ QUYẾT", "Về công tác xây dựng Đảng"), name="van-ban.pdf", pages=None):
    data = make_pdf(pages if pages is not None else [list(lines)])
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def ooxml_upload(main_part: str, name: str, extra: dict | None = None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<x/>")
        for part, data in (extra or {}).items():
            package.writestr(part, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def issuer(name="Tỉnh ủy"):
    # get_or_create: a transactional (browser) test flushes the rows the data migration made.
    return IssuingBody.objects.get_or_create(name=name)[0]


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    number = factory.Sequence(lambda n: f"{n + 1:02d}-NQ/ĐU")
    doc_type = DocumentType.NGHI_QUYET
    issuer = factory.LazyFunction(lambda: issuer("Đảng ủy Sở"))
    issued_on = factory.Sequence(lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=n))
    signer = "Bí thư Hoàng Minh Đức"
    summary = factory.Sequence(lambda n: f"Về lãnh đạo thực hiện nhiệm vụ chính trị năm 2024 (số {n})")
    is_public = True
    status = Document.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(minutes=5))


def attach(document, upload=None, **kwargs) -> DocumentFile:
    attachment = DocumentFile(document=document, **kwargs)
    attachment.set_upload(upload or pdf_upload())
    attachment.save()
    return attachment
