"""Time news search over 10,000 articles of ~700 Vietnamese syllables.

    .venv/bin/python bench/bench_search.py                 # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ps_x .venv/bin/python bench/bench_search.py
                                                           # PostgreSQL: works in test_ps_x, dropped after

It never touches the database it is pointed at: Django's test database machinery creates
`test_<name>` (migrated, so the search index of news/search.py and its triggers exist) and drops it at the end.
Times what the search page does: the total and the first 20 ids (one query), then those articles. Median of 20.
Options: --articles N (default 10000), --runs N (default 20), --keep (keep the test database).
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "Đảng bộ chi bộ đảng viên nghị quyết hội nghị tổng kết công tác xây dựng Đảng năm nhiệm vụ chính trị "
    "lãnh đạo chỉ đạo thực hiện kế hoạch chương trình hành động cơ quan đơn vị phòng ban cán bộ công chức "
    "viên chức người lao động học tập làm theo tư tưởng đạo đức phong cách Hồ Chí Minh chuyên đề sinh hoạt "
    "định kỳ kiểm tra giám sát kỷ luật tập trung dân chủ phê bình tự phê bình đánh giá xếp loại chất lượng "
    "hoàn thành tốt xuất sắc khen thưởng biểu dương giấy khen bằng khen thi đua phong trào chuyển đổi số "
    "ứng dụng công nghệ thông tin truyền thông báo chí xuất bản bưu chính viễn thông an toàn an ninh mạng "
    "dữ liệu nền tảng hạ tầng dịch vụ công trực tuyến người dân doanh nghiệp tỉnh huyện xã phường ủy ban "
    "nhân dân hội đồng tuyên truyền phổ biến quán triệt triển khai sơ kết đồng chí Bí thư Phó Giám đốc Sở "
    "trao tặng kết nạp chính thức dự bị hồ sơ lý lịch thẻ quyết định ngày tháng tham dự phát biểu ghi nhận "
    "đóng góp trách nhiệm nêu gương đoàn kết thống nhất đổi mới sáng tạo hiệu quả chỉ huy quân sự toàn thể "
    "huyện ủy tiếp tục nâng cao bảo đảm tiến độ mục tiêu giải pháp trọng tâm đột phá"
).split()
COMMON_PHRASE = "huy hiệu"  # in about one article in four, sometimes as "… chỉ huy … hiệu quả" (no match)
RARE_WORD = "Khuổi Nậm"  # a place name in 8 articles


def _sentence(rng, length):
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def _body(rng, index, syllables=700):
    sentences, count = [], 0
    while count < syllables:
        n = rng.randint(12, 28)
        sentences.append(_sentence(rng, n))
        count += n
    if index % 4 == 0:
        sentences.insert(rng.randrange(len(sentences)), "Lễ trao Huy hiệu Đảng diễn ra trang trọng.")
    if index % 1250 == 7:
        sentences.insert(rng.randrange(len(sentences)), f"Đoàn công tác về thôn {RARE_WORD} thăm hỏi đảng viên.")
    paragraphs = [" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def load(count, seed=2026):
    from django.utils import timezone

    from news.models import Article, Category

    rng = random.Random(seed)
    categories = [Category.objects.get_or_create(name=f"Chuyên mục thử {i}")[0] for i in range(6)]
    now = timezone.now()
    batch = []
    started = time.perf_counter()
    for i in range(count):
        article = Article(
            title=_sentence(rng, rng.randint(8, 14)).rstrip("."),
            summary=_sentence(rng, 25),
            body=_body(rng, i),
            category=categories[i % len(categories)],
            status=Article.Status.PUBLISHED,
            published_at=now - timezone.timedelta(hours=i),
            slug=f"tin-thu-{i}",
        )
        article.fill_derived_fields()
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_create(batch)
            batch = []
    if batch:
        Article.objects.bulk_create(batch)
    return time.perf_counter() - started


def time_query(query, runs):
    """What the search page does: the total and the first page of ids (one query), then those articles."""
    from news.search import load_articles, search_hits
    from news.views import SEARCH_PER_PAGE

    timings, hits = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        found = search_hits(query, 0, SEARCH_PER_PAGE)
        load_articles(found.ids)
        hits = found.total
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), hits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-search-")
    os.environ.setdefault("PARTYSITE_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partysite.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from news.models import Article

        seconds = load(args.articles)
        vendor = connection.vendor
        print(
            f"{vendor}: loaded {Article.objects.count()} articles in {seconds:.1f} s "
            f"(fill_derived_fields + bulk_create)"
        )
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE news_article")
                cursor.execute("ANALYZE news_article_search")
        for label, query in (
            ("common phrase", COMMON_PHRASE),
            ("rare word", RARE_WORD),
            ("common, typed without accents", "huy hieu"),
        ):
            time_query(query, 2)  # warm caches
            median, hits = time_query(query, args.runs)
            print(f"  {label:<30} {query!r:<14} {hits:>5} hits   median {median:7.1f} ms (of {args.runs})")
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
