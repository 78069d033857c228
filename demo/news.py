"""Demo news: six categories and thirty articles with photos drawn by Pillow.

Everything here is invented for the demo (people, numbers, events); nothing is copied.
Idempotent: a category or an article that already exists (by name/title) is left alone.
"""

import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from core.uploads import clean_image
from news.models import Article, Category, EditorImage

CATEGORIES = [
    ("Hoạt động Đảng bộ", "Tin về các hội nghị, sự kiện và phong trào của Đảng bộ."),
    ("Xây dựng Đảng", "Công tác tổ chức, cán bộ, đảng viên và sinh hoạt chi bộ."),
    ("Học tập và làm theo Bác", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."),
    ("Chuyển đổi số", "Ứng dụng công nghệ số trong công tác Đảng và hoạt động của Sở."),
    ("Kiểm tra, giám sát", "Hoạt động của Ủy ban Kiểm tra Đảng ủy."),
    ("Gương sáng", "Những tấm gương đảng viên tiêu biểu trong công tác và cuộc sống."),
]

CELLS = [
    "Chi bộ Văn phòng",
    "Chi bộ Báo chí – Xuất bản",
    "Chi bộ Viễn thông",
    "Chi bộ Công nghệ thông tin",
    "Chi bộ Trung tâm Chuyển đổi số",
    "Chi bộ Thanh tra",
]
# Invented people; titles as they would appear in a news item.
LEADERS = [
    "đồng chí Hoàng Minh Đức, Bí thư Đảng ủy, Giám đốc Sở",
    "đồng chí Vũ Thị Thanh Hương, Phó Bí thư Thường trực Đảng ủy",
    "đồng chí Đinh Quang Vinh, Phó Giám đốc Sở",
]
MEMBERS = [
    "Ngô Văn Lợi",
    "Phan Thị Mai Anh",
    "Bùi Đức Thắng",
    "Tạ Thu Trang",
    "Lương Văn Phúc",
    "Mạc Thị Hòa",
    "Kiều Văn Toàn",
    "Đoàn Thị Ngọc Lan",
    "Chu Minh Tuấn",
    "Hà Văn Kiên",
]

PALETTES = [
    ((168, 20, 27), (242, 194, 48)),
    ((25, 78, 140), (240, 240, 240)),
    ((30, 110, 70), (250, 230, 160)),
    ((90, 40, 120), (245, 220, 120)),
    ((150, 70, 20), (255, 240, 210)),
    ((40, 40, 40), (230, 180, 60)),
]


def _font(size):
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def draw_photo(caption: str, seed: int, size=(1000, 660)) -> bytes:
    """A 'photo' of a hall: a banner with text, a stage, rows of heads. JPEG bytes."""
    rng = random.Random(seed)
    main, accent = PALETTES[seed % len(PALETTES)]
    w, h = size
    image = Image.new("RGB", size, (236, 230, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, w, int(h * 0.45)], fill=main)  # back wall
    draw.rectangle([int(w * 0.08), int(h * 0.07), int(w * 0.92), int(h * 0.27)], fill=accent)  # banner
    draw.polygon([(w // 2, int(h * 0.3)), (w // 2 + 30, int(h * 0.4)), (w // 2 - 30, int(h * 0.4))], fill=accent)
    font = _font(max(18, w // 32))
    words, lines, line = caption.upper().split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) > w * 0.8 and line:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    y = int(h * 0.09)
    for text in lines[:3]:
        draw.text(((w - draw.textlength(text, font=font)) / 2, y), text, fill=main, font=font)
        y += int(font.size * 1.3)
    draw.rectangle([0, int(h * 0.45), w, int(h * 0.52)], fill=(120, 80, 50))  # stage edge
    for row in range(4):  # audience
        y = int(h * (0.6 + row * 0.1))
        for col in range(10):
            x = int(w * (0.05 + col * 0.1)) + rng.randint(-8, 8)
            r = int(h * 0.035) + row * 3
            draw.ellipse([x - r, y - r, x + r, y + r], fill=(40 + rng.randint(0, 40),) * 3)
            draw.rectangle([x - r - 6, y + r, x + r + 6, y + r * 3], fill=rng.choice([(250, 250, 250), (60, 90, 150)]))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def _figure(url, width, height, alt, caption):
    return (
        f'<figure class="image"><img src="{url}" width="{width}" height="{height}" alt="{alt}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


# Each topic: (category index, title, summary, paragraphs, cover caption, photo caption).
# {cell}, {leader}, {m1}, {m2}, {n}, {year}, {date} are filled per article.
TOPICS = [
    (
        0,
        "Trao Huy hiệu 30 năm tuổi Đảng cho đảng viên {cell} năm {year}",
        "Đảng ủy Sở tổ chức trao Huy hiệu 30 năm tuổi Đảng cho {n} đồng chí đảng viên, trong đó có đồng chí {m1}.",
        [
            "Ngày {date}, Đảng ủy Sở tổ chức Lễ trao Huy hiệu 30 năm tuổi Đảng cho {n} đồng chí đảng viên. "
            "Dự buổi lễ có {leader} cùng các đồng chí trong Ban Chấp hành Đảng bộ và đông đủ đảng viên {cell}.",
            "Phát biểu tại buổi lễ, {leader} chúc mừng các đồng chí được nhận Huy hiệu, ghi nhận những đóng góp bền bỉ "
            "của các đồng chí qua nhiều cương vị công tác, luôn giữ vững phẩm chất, đạo đức của người đảng viên.",
            "Thay mặt các đảng viên được trao Huy hiệu, đồng chí {m1} bày tỏ niềm vinh dự, tự hào và hứa tiếp tục "
            "rèn luyện, gương mẫu trong công tác, giữ gìn tư cách đảng viên, xứng đáng với niềm tin của tổ chức.",
        ],
        "Quang cảnh Lễ trao Huy hiệu tại hội trường Sở",
        "Các đồng chí được trao Huy hiệu chụp ảnh lưu niệm",
    ),
    (
        0,
        "Hội nghị tổng kết công tác Đảng năm {year} của Đảng bộ Sở",
        "Năm {year}, Đảng bộ Sở hoàn thành toàn diện các chỉ tiêu; {n} chi bộ được đánh giá hoàn thành tốt nhiệm vụ.",
        [
            "Ngày {date}, Đảng bộ Sở tổ chức Hội nghị tổng kết công tác xây dựng Đảng năm {year}, triển khai "
            "phương hướng, nhiệm vụ năm tới. Hội nghị do {leader} chủ trì.",
            "Báo cáo tại hội nghị nêu rõ: các chi bộ đã duy trì nền nếp sinh hoạt, nội dung sinh hoạt ngày càng "
            "thiết thực; công tác phát triển đảng viên được quan tâm; {n} chi bộ hoàn thành tốt nhiệm vụ.",
            "Các ý kiến thảo luận tập trung vào việc nâng cao chất lượng sinh hoạt chuyên đề, đổi mới cách "
            "phổ biến nghị quyết và đẩy mạnh ứng dụng công nghệ trong quản lý hồ sơ đảng viên.",
            "Kết luận hội nghị, {leader} đề nghị các chi bộ xây dựng chương trình công tác sát thực tế, "
            "gắn nhiệm vụ chính trị của từng phòng, đơn vị với công tác xây dựng Đảng.",
        ],
        "Đại biểu dự Hội nghị tổng kết công tác Đảng",
        "Đồng chí {m1} phát biểu tham luận tại hội nghị",
    ),
    (
        1,
        "{cell} sinh hoạt chuyên đề về nâng cao chất lượng đảng viên",
        "Buổi sinh hoạt chuyên đề giúp đảng viên {cell} nhìn lại ưu điểm, hạn chế và đề ra giải pháp cụ thể.",
        [
            "Thực hiện kế hoạch của Đảng ủy, ngày {date}, {cell} tổ chức sinh hoạt chuyên đề với chủ đề nâng cao "
            "chất lượng đảng viên trong giai đoạn mới.",
            "Đồng chí {m1}, Bí thư Chi bộ, gợi mở các nội dung thảo luận: ý thức tổ chức kỷ luật, tinh thần "
            "trách nhiệm trong công việc chuyên môn và việc tự học tập, rèn luyện của mỗi đảng viên.",
            "Các đảng viên thẳng thắn trao đổi, nêu những việc làm được và chưa làm được. Chi bộ thống nhất "
            "{n} giải pháp trọng tâm để thực hiện trong thời gian tới.",
        ],
        "Đảng viên {cell} sinh hoạt chuyên đề",
        "Đồng chí {m2} trao đổi ý kiến tại buổi sinh hoạt",
    ),
    (
        1,
        "Kết nạp đảng viên mới tại {cell}",
        "{cell} tổ chức Lễ kết nạp đồng chí {m2} vào Đảng Cộng sản Việt Nam.",
        [
            "Ngày {date}, {cell} trang trọng tổ chức Lễ kết nạp đảng viên mới cho đồng chí {m2}. "
            "Buổi lễ được tổ chức đúng nghi thức theo quy định.",
            "Tại buổi lễ, đồng chí {m1}, Bí thư Chi bộ, công bố quyết định kết nạp, nhắc lại nhiệm vụ của người "
            "đảng viên và giao nhiệm vụ cho đảng viên chính thức giúp đỡ đồng chí {m2} trong thời gian dự bị.",
            "Đồng chí {m2} xúc động đọc lời tuyên thệ, hứa phấn đấu, rèn luyện để trở thành đảng viên chính thức.",
        ],
        "Đồng chí {m2} tuyên thệ tại Lễ kết nạp",
        "Chi bộ chúc mừng đảng viên mới",
    ),
    (
        2,
        "Học tập chuyên đề năm {year} về tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Hơn {n}0 đảng viên trong Đảng bộ tham dự hội nghị học tập chuyên đề năm {year}.",
        [
            "Ngày {date}, Đảng ủy Sở tổ chức hội nghị học tập, quán triệt chuyên đề năm {year} về học tập và làm "
            "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
            "Báo cáo viên phân tích những nội dung cốt lõi của chuyên đề, liên hệ với nhiệm vụ của ngành "
            "thông tin và truyền thông: phục vụ nhân dân, công khai, minh bạch, gần dân, sát cơ sở.",
            "Sau hội nghị, các chi bộ xây dựng kế hoạch làm theo với những việc làm cụ thể, đưa vào "
            "nội dung sinh hoạt hằng tháng để kiểm điểm, đánh giá.",
        ],
        "Hội nghị học tập chuyên đề năm {year}",
        "Báo cáo viên trình bày nội dung chuyên đề",
    ),
    (
        2,
        "{cell}: mỗi tháng một việc làm theo Bác",
        "Từ những việc nhỏ, {cell} lan tỏa tinh thần làm theo Bác trong cơ quan.",
        [
            "Từ đầu năm {year}, {cell} đăng ký mô hình mỗi tháng một việc làm theo Bác, gắn với nhiệm vụ "
            "chuyên môn của từng đảng viên.",
            "Đồng chí {m1} chia sẻ: mỗi việc đều được ghi rõ người thực hiện, thời hạn và được điểm lại "
            "trong buổi sinh hoạt chi bộ. Đến nay chi bộ đã hoàn thành {n} việc làm cụ thể.",
            "Mô hình được Đảng ủy đánh giá cao và đề nghị nhân rộng ra các chi bộ trực thuộc.",
        ],
        "Đảng viên {cell} trong giờ làm việc",
        "Bảng theo dõi việc làm theo Bác của chi bộ",
    ),
    (
        3,
        "Đưa sổ tay đảng viên điện tử vào sinh hoạt chi bộ",
        "Sau {n} tháng thí điểm, sổ tay đảng viên điện tử giúp các chi bộ tiết kiệm giấy tờ và thời gian.",
        [
            "Ngày {date}, Đảng ủy Sở sơ kết việc thí điểm sổ tay đảng viên điện tử tại {cell}.",
            "Tài liệu sinh hoạt được gửi trước cho đảng viên, biên bản được lưu trữ tập trung; đảng viên có thể "
            "tra cứu nghị quyết, văn bản mới ngay trên điện thoại.",
            "Đồng chí {m1} cho biết: điều quan trọng là giữ đúng nguyên tắc bảo mật, mỗi đảng viên chỉ xem "
            "được tài liệu thuộc phạm vi của mình.",
        ],
        "Đảng viên sử dụng sổ tay điện tử trong buổi sinh hoạt",
        "Hướng dẫn cài đặt sổ tay đảng viên điện tử",
    ),
    (
        3,
        "Chuyển đổi số trong công tác Đảng: những kết quả bước đầu năm {year}",
        "{n} chi bộ đã số hóa hồ sơ, tài liệu sinh hoạt; các cuộc họp trực tuyến được tổ chức nền nếp.",
        [
            "Thực hiện nghị quyết của Đảng ủy về chuyển đổi số, năm {year} các chi bộ đã tập trung số hóa "
            "hồ sơ, tài liệu và đổi mới cách thức phổ biến thông tin đến đảng viên.",
            "Theo {leader}, chuyển đổi số trước hết là thay đổi nhận thức và thói quen làm việc; công nghệ chỉ "
            "là công cụ, con người vẫn là yếu tố quyết định.",
            "Trong thời gian tới, Đảng ủy tiếp tục bồi dưỡng kỹ năng số cho đảng viên lớn tuổi và hoàn thiện "
            "quy trình bảo đảm an toàn thông tin.",
        ],
        "Phòng họp trực tuyến của Sở",
        "Cán bộ {cell} hướng dẫn đồng nghiệp sử dụng phần mềm",
    ),
    (
        4,
        "Ủy ban Kiểm tra Đảng ủy giám sát chuyên đề tại {cell}",
        "Đoàn giám sát ghi nhận {cell} thực hiện nghiêm nguyên tắc tập trung dân chủ.",
        [
            "Ngày {date}, Ủy ban Kiểm tra Đảng ủy Sở tiến hành giám sát chuyên đề đối với {cell} về việc "
            "thực hiện nguyên tắc tập trung dân chủ và chế độ sinh hoạt chi bộ.",
            "Qua giám sát, đoàn đánh giá chi bộ duy trì sinh hoạt định kỳ, hồ sơ đầy đủ; đồng thời chỉ ra "
            "{n} điểm cần khắc phục về ghi biên bản và theo dõi thực hiện nghị quyết.",
            "Đồng chí {m1} tiếp thu ý kiến của đoàn và cam kết khắc phục trong quý tới.",
        ],
        "Đoàn giám sát làm việc với {cell}",
        "Đồng chí {m2} báo cáo tại buổi làm việc",
    ),
    (
        5,
        "Đồng chí {m1}: tận tụy với công việc, gần gũi đồng nghiệp",
        "Hơn {n} năm công tác, đồng chí {m1} ({cell}) luôn là chỗ dựa tin cậy của đồng nghiệp.",
        [
            "Nhắc đến đồng chí {m1}, đồng nghiệp ở {cell} đều nói tới sự tận tụy và tinh thần sẵn sàng nhận việc khó.",
            "Năm {year}, đồng chí chủ trì nhiều đầu việc quan trọng, được Đảng ủy tặng Giấy khen đảng viên "
            "hoàn thành xuất sắc nhiệm vụ.",
            "Chia sẻ về kinh nghiệm, đồng chí {m1} nói giản dị: việc gì cũng làm đến nơi đến chốn, "
            "và luôn lắng nghe ý kiến của anh chị em.",
        ],
        "Đồng chí {m1} tại nơi làm việc",
        "Đồng chí {m1} trao đổi công việc với đồng nghiệp",
    ),
]


def _author():
    User = get_user_model()
    return User.objects.filter(username="bientap").first() or User.objects.filter(is_superuser=True).first()


def _save_editor_image(data: bytes, author) -> EditorImage:
    cleaned, width, height = clean_image(ContentFile(data, name="demo.jpg"), folder="editor")
    image = EditorImage(width=width, height=height, uploaded_by=author)
    image.file.save(cleaned.name.rsplit("/", 1)[-1], cleaned, save=True)
    return image


def seed(stdout):
    categories = []
    for order, (name, description) in enumerate(CATEGORIES, start=1):
        category, _ = Category.objects.get_or_create(
            name=name, defaults={"description": description, "order": order, "show_in_menu": order <= 5}
        )
        categories.append(category)

    author = _author()
    now = timezone.now()
    created = 0
    seen_titles = set()
    for index in range(30):
        topic = TOPICS[index % len(TOPICS)]
        cat_index, title, summary, paragraphs, cover_caption, photo_caption = topic
        round_ = index // len(TOPICS)
        published_at = now - dt.timedelta(days=index * 9 + 1, hours=index % 7)
        values = {
            "cell": CELLS[(index + round_) % len(CELLS)],
            "leader": LEADERS[index % len(LEADERS)],
            "m1": MEMBERS[index % len(MEMBERS)],
            "m2": MEMBERS[(index + 3) % len(MEMBERS)],
            "n": 3 + (index * 7) % 9,
            "year": now.year - round_,
            "date": timezone.localtime(published_at).strftime("%d/%m/%Y"),
        }
        full_title = title.format(**values)
        if full_title in seen_titles:
            full_title = f"{full_title} – {values['cell']}"
        seen_titles.add(full_title)
        if Article.objects.filter(title=full_title).exists():
            continue
        photo = _save_editor_image(draw_photo(photo_caption.format(**values), seed=index + 100), author)
        body_parts = [f"<p>{p.format(**values)}</p>" for p in paragraphs]
        body_parts.insert(
            2,
            _figure(
                photo.file.url,
                photo.width,
                photo.height,
                photo_caption.format(**values),
                photo_caption.format(**values),
            ),
        )
        status = Article.Status.PUBLISHED
        if index in (27, 28):
            status = Article.Status.REVIEW
        elif index == 29:
            status = Article.Status.DRAFT
        if index == 26:
            published_at = now + dt.timedelta(days=2)  # scheduled
        article = Article(
            title=full_title,
            summary=summary.format(**values),
            body="".join(body_parts),
            category=categories[cat_index],
            byline=values["cell"],
            author=author,
            status=status,
            published_at=published_at if status == Article.Status.PUBLISHED else None,
            is_featured=index in (0, 1),
            cover_caption=cover_caption.format(**values),
            cover_alt=cover_caption.format(**values),
        )
        article.cover_image = ContentFile(draw_photo(cover_caption.format(**values), seed=index), name="bia.jpg")
        article.cover_image._committed = False
        if index == 28:
            # One sent back by the publisher, so the editor's start page shows a reason to act on.
            article.status = Article.Status.DRAFT
            article.review_note = "Đề nghị bổ sung số lượng đảng viên tham dự và sửa chức danh đồng chí Bí thư."
        article.save()
        created += 1
    created += _seed_citing_articles(categories, author)
    if created:
        stdout.write(f"Tin tức: đã thêm {created} tin bài mẫu.\n")


# Articles that cite documents of the demo library (demo/documents.py) by number, in the forms
# articles use: with or without "số", with or without the date. The library links them when it
# publishes those documents; news itself knows nothing of the library.
# (category index, title, summary, paragraphs, publication date: after the documents it cites)
CITING_ARTICLES = [
    (
        3,
        "Quán triệt Chương trình hành động của Tỉnh ủy về chuyển đổi số trong các cơ quan Đảng",
        "Đảng ủy Sở triển khai Chương trình hành động số 09-CTr/TU, đặt mục tiêu số hóa toàn bộ hồ sơ đảng viên.",
        [
            "Ngày 12/12/2024, Đảng ủy Sở tổ chức hội nghị quán triệt Chương trình hành động số 09-CTr/TU ngày "
            "18/11/2024 của Tỉnh ủy về thực hiện chuyển đổi số trong các cơ quan Đảng giai đoạn 2025–2030.",
            "Hội nghị thống nhất giao các chi bộ xây dựng kế hoạch cụ thể, hoàn thành số hóa hồ sơ, tài liệu sinh "
            "hoạt trong năm 2025, gắn với Kế hoạch 12-KH/ĐU của Đảng ủy Sở về học tập chuyên đề.",
            "Kết luận hội nghị, đồng chí Bí thư Đảng ủy yêu cầu bảo đảm an toàn thông tin theo Chỉ thị 07-CT/TU "
            "của Ban Thường vụ Tỉnh ủy.",
        ],
        dt.date(2024, 12, 13),
    ),
    (
        4,
        "Đảng bộ Sở triển khai kiểm điểm, đánh giá, xếp loại chất lượng năm 2024",
        "Thực hiện Hướng dẫn số 112-HD/ĐUK, các chi bộ hoàn thành kiểm điểm trước ngày 20/01/2025.",
        [
            "Thực hiện Hướng dẫn số 112-HD/ĐUK ngày 06/01/2025 của Đảng ủy Khối các cơ quan tỉnh, Đảng ủy Sở đã "
            "chỉ đạo các chi bộ tổ chức kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2024.",
            "Việc đánh giá bám sát các chỉ tiêu của Nghị quyết số 05-NQ/ĐU của Đảng ủy Sở và kết quả thực hiện "
            "Chương trình kiểm tra, giám sát 18-CTr/ĐU.",
            "Kết quả kiểm điểm được báo cáo Đảng ủy Khối đúng thời hạn; quyết định công nhận kết quả (số 27-QĐ/ĐU) "
            "lưu hành nội bộ.",
        ],
        dt.date(2025, 1, 21),
    ),
    (
        0,
        "Tăng cường phòng, chống tin giả trên không gian mạng trong Đảng bộ Sở",
        "Đảng ủy Sở đề nghị mỗi đảng viên là một tuyên truyền viên tích cực, chia sẻ thông tin chính thống.",
        [
            "Thực hiện Công văn số 1520/UBND-VX ngày 27/3/2025 của Ủy ban nhân dân tỉnh, Đảng ủy Sở yêu cầu các chi "
            "bộ quán triệt đến từng đảng viên việc tiếp nhận, chia sẻ thông tin trên mạng xã hội.",
            "Cổng thông tin điện tử của Sở được vận hành theo Quy chế ban hành kèm theo Quyết định 35/2024/QĐ-UBND, "
            "bảo đảm thông tin chính thống được đăng tải kịp thời.",
        ],
        dt.date(2025, 4, 3),
    ),
]


def _seed_citing_articles(categories, author) -> int:
    created = 0
    for cat_index, title, summary, paragraphs, day in CITING_ARTICLES:
        if Article.objects.filter(title=title).exists():
            continue
        article = Article(
            title=title,
            summary=summary,
            body="".join(f"<p>{p}</p>" for p in paragraphs),
            category=categories[cat_index],
            byline="Văn phòng Đảng ủy",
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30))),
            cover_caption=title,
            cover_alt=title,
        )
        article.cover_image = ContentFile(draw_photo(title, seed=200 + cat_index), name="bia.jpg")
        article.cover_image._committed = False
        article.save()
        created += 1
    return created
