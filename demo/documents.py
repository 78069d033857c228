"""Demo library: a dozen documents with small PDFs written in code, some internal, one awaiting review.

Numbers, dates, summaries and signers are invented for the demo (realistic in form only). Several
are cited by the demo articles (demo/news.py), which get their links when these are published.
Idempotent: a document that already exists (issuer, number, year) is left alone.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from documents.models import Document, DocumentFile, DocumentType, IssuingBody
from documents.pdf import make_pdf

STATE_BODY = ("Ủy ban nhân dân tỉnh", "UBND", 10)

# (number, type, issuer name, issued on, signer, summary, public, status)
DOCUMENTS = [
    (
        "05-NQ/ĐU",
        DocumentType.NGHI_QUYET,
        "Đảng ủy Sở",
        dt.date(2025, 1, 10),
        "Bí thư Hoàng Minh Đức",
        "Về lãnh đạo thực hiện nhiệm vụ chính trị và công tác xây dựng Đảng năm 2025",
        True,
        "published",
    ),
    (
        "12-KH/ĐU",
        DocumentType.KE_HOACH,
        "Đảng ủy Sở",
        dt.date(2025, 2, 20),
        "Phó Bí thư Vũ Thị Thanh Hương",
        "Học tập chuyên đề năm 2025 về tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        True,
        "published",
    ),
    (
        "18-CTr/ĐU",
        DocumentType.CHUONG_TRINH,
        "Đảng ủy Sở",
        dt.date(2025, 3, 5),
        "Bí thư Hoàng Minh Đức",
        "Chương trình kiểm tra, giám sát của Đảng ủy Sở năm 2025",
        True,
        "published",
    ),
    (
        "27-QĐ/ĐU",
        DocumentType.QUYET_DINH,
        "Đảng ủy Sở",
        dt.date(2025, 4, 2),
        "Bí thư Hoàng Minh Đức",
        "Về việc chuẩn y kết quả bầu cấp ủy Chi bộ Viễn thông nhiệm kỳ 2025–2027 (lưu hành nội bộ)",
        False,
        "published",
    ),
    (
        "31-BC/ĐU",
        DocumentType.BAO_CAO,
        "Đảng ủy Sở",
        dt.date(2025, 6, 25),
        "Phó Bí thư Vũ Thị Thanh Hương",
        "Sơ kết công tác xây dựng Đảng sáu tháng đầu năm 2025 (lưu hành nội bộ)",
        False,
        "published",
    ),
    (
        "40-NQ/ĐU",
        DocumentType.NGHI_QUYET,
        "Đảng ủy Sở",
        dt.date(2025, 9, 12),
        "Bí thư Hoàng Minh Đức",
        "Về nâng cao chất lượng sinh hoạt chi bộ trong Đảng bộ Sở giai đoạn 2025–2030",
        True,
        "review",
    ),
    (
        "09-CTr/TU",
        DocumentType.CHUONG_TRINH,
        "Tỉnh ủy",
        dt.date(2024, 11, 18),
        "Bí thư Tỉnh ủy Trần Quốc Bảo",
        "Chương trình hành động thực hiện chuyển đổi số trong các cơ quan Đảng giai đoạn 2025–2030",
        True,
        "published",
    ),
    (
        "46-KH/TU",
        DocumentType.KE_HOACH,
        "Tỉnh ủy",
        dt.date(2025, 1, 8),
        "Phó Bí thư Tỉnh ủy Lê Thị Hồng Nhung",
        "Tổ chức các hoạt động kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam",
        True,
        "published",
    ),
    (
        "07-CT/TU",
        DocumentType.CHI_THI,
        "Tỉnh ủy",
        dt.date(2024, 9, 3),
        "Bí thư Tỉnh ủy Trần Quốc Bảo",
        "Về tăng cường sự lãnh đạo của Đảng đối với công tác bảo đảm an toàn thông tin mạng",
        True,
        "published",
    ),
    (
        "58-QĐi/TU",
        DocumentType.QUY_DINH,
        "Tỉnh ủy",
        dt.date(2024, 6, 14),
        "Phó Bí thư Tỉnh ủy Lê Thị Hồng Nhung",
        "Quy định về chế độ sinh hoạt chi bộ trong các cơ quan Đảng, Nhà nước, đoàn thể của tỉnh",
        True,
        "published",
    ),
    (
        "112-HD/ĐUK",
        DocumentType.HUONG_DAN,
        "Đảng ủy Khối các cơ quan tỉnh",
        dt.date(2025, 1, 6),
        "Phó Bí thư Thường trực Đỗ Văn Khải",
        "Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2024",
        True,
        "published",
    ),
    (
        "17-TB/ĐUK",
        DocumentType.THONG_BAO,
        "Đảng ủy Khối các cơ quan tỉnh",
        dt.date(2025, 5, 8),
        "Phó Bí thư Thường trực Đỗ Văn Khải",
        "Kết luận của Ban Thường vụ Đảng ủy Khối về công tác phát triển đảng viên sáu tháng đầu năm 2025",
        True,
        "published",
    ),
    (
        "35/2024/QĐ-UBND",
        DocumentType.QUYET_DINH,
        STATE_BODY[0],
        dt.date(2024, 8, 22),
        "Chủ tịch Phạm Văn Hiếu",
        "Ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh",
        True,
        "published",
    ),
    (
        "1520/UBND-VX",
        DocumentType.CONG_VAN,
        STATE_BODY[0],
        dt.date(2025, 3, 27),
        "Phó Chủ tịch Ngô Thị Lan",
        "Về việc tăng cường phòng, chống tin giả, tin sai sự thật trên không gian mạng",
        True,
        "published",
    ),
]


def _pdf_for(number: str, type_label: str, issuer: str, issued_on: dt.date, signer: str, summary: str) -> bytes:
    return make_pdf(
        [
            [
                "DANG CONG SAN VIET NAM" if "UBND" not in number else "CONG HOA XA HOI CHU NGHIA VIET NAM",
                issuer.upper(),
                f"So {number}",
                f"Ngay {issued_on:%d} thang {issued_on:%m} nam {issued_on:%Y}",
                "",
                type_label.upper(),
                summary,
                "",
                "(Van ban mau cua trang demo: noi dung duoc viet ra de minh hoa.)",
                "",
                signer,
            ]
        ]
    )


def seed(stdout):
    bodies = {body.name: body for body in IssuingBody.objects.all()}
    if STATE_BODY[0] not in bodies:
        bodies[STATE_BODY[0]], _ = IssuingBody.objects.get_or_create(
            name=STATE_BODY[0], defaults={"sign": STATE_BODY[1], "order": STATE_BODY[2]}
        )
    User = get_user_model()
    author = User.objects.filter(username="bientap").first() or User.objects.filter(is_superuser=True).first()
    created = 0
    for number, doc_type, issuer_name, issued_on, signer, summary, public, status in DOCUMENTS:
        issuer = bodies.get(issuer_name)
        if issuer is None:
            issuer, _ = IssuingBody.objects.get_or_create(name=issuer_name)
        document = Document(
            number=number,
            doc_type=doc_type,
            issuer=issuer,
            issued_on=issued_on,
            signer=signer,
            summary=summary,
            is_public=public,
            status=status,
            author=author,
        )
        document.fill_derived_fields()
        if Document.objects.filter(issuer=issuer, sign_key=document.sign_key, year=document.year).exists():
            continue
        document.save()
        pdf = _pdf_for(number, doc_type.label, issuer_name, issued_on, signer, summary)
        attachment = DocumentFile(document=document, label="Toàn văn")
        attachment.set_upload(ContentFile(pdf, name=f"{document.slug}.pdf"))
        attachment.save()
        created += 1
    if created:
        stdout.write(f"Văn bản: đã thêm {created} văn bản mẫu.\n")
