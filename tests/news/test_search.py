"""Vietnamese search: accents and case ignored, whole words as a phrase, titles first, then newest."""

import datetime as dt

import pytest
from django.utils import timezone

from news import views
from news.models import Article
from news.search import MAX_QUERY_LENGTH, Hits, load_articles, parse_query, search_articles, search_hits

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _page_titles(query):
    hits = search_hits(query, 0, 100)
    assert hits.total == len(hits.ids)
    return [a.title for a in load_articles(hits.ids)]


@pytest.fixture(params=["page", "queryset"])
def titles(request):
    """What a search finds, as the search page asks (search_hits) and as the admin does (a queryset)."""
    if request.param == "page":
        return _page_titles
    return lambda query: [a.title for a in search_articles(query)]


@pytest.mark.parametrize("query", ["dang bo", "ĐẢNG BỘ", "Đảng bộ", "đảng   bộ", "Dang Bo"])
def test_accents_and_case_are_ignored(query, titles):
    ArticleFactory(title="Đảng bộ Sở tổng kết năm")
    ArticleFactory(title="Công đoàn tham quan", body="<p>Đi thăm bảo tàng.</p>", summary="")
    assert titles(query) == ["Đảng bộ Sở tổng kết năm"]


def test_words_are_matched_as_a_phrase_not_separately(titles):
    ArticleFactory(title="Trao Huy hiệu Đảng đợt 3/2")
    ArticleFactory(title="Nâng cao chất lượng", body="<p>Ban chỉ huy quân sự làm việc hiệu quả.</p>")
    assert titles("huy hieu") == ["Trao Huy hiệu Đảng đợt 3/2"]


def test_short_syllables_match_whole_words_only(titles):
    ArticleFactory(title="Toàn Đảng bộ ra quân", body="<p>Toàn thể cán bộ tham gia.</p>", summary="")
    ArticleFactory(title="Bảo đảm an ninh mạng", body="<p>Giữ an toàn thông tin.</p>")
    assert titles("an") == ["Bảo đảm an ninh mạng"]
    assert titles("huy") == []  # "huyện" is not "huy"


def test_three_syllable_phrase_needs_every_pair(titles):
    ArticleFactory(title="Học tập và làm theo tấm gương đạo đức")
    ArticleFactory(title="Học tập chuyên đề", body="<p>Làm theo kế hoạch.</p>")
    assert titles("hoc tap va lam theo") == ["Học tập và làm theo tấm gương đạo đức"]
    assert titles("tap lam") == []


def test_old_and_new_tone_placement_and_entities_are_found(titles):
    ArticleFactory(title="Xây dựng nông thôn mới", body="<p>Hoà nhập &amp; ph&aacute;t triển bền vững.</p>")
    assert titles("hòa nhap") == ["Xây dựng nông thôn mới"]
    assert titles("phát triển") == ["Xây dựng nông thôn mới"]


def test_title_matches_rank_first_then_newest(titles):
    now = timezone.now()
    ArticleFactory(
        title="Học tập chuyên đề", body="<p>Chuyển đổi số trong cơ quan.</p>", published_at=now - dt.timedelta(hours=1)
    )
    ArticleFactory(title="Chuyển đổi số năm 2025", published_at=now - dt.timedelta(days=30))
    ArticleFactory(title="Chuyển đổi số năm 2026", published_at=now - dt.timedelta(days=2))
    assert titles("chuyen doi so") == ["Chuyển đổi số năm 2026", "Chuyển đổi số năm 2025", "Học tập chuyên đề"]


def test_quoted_phrases_and_excluded_words(titles):
    ArticleFactory(title="Trao huy hiệu 30 năm tuổi Đảng")
    ArticleFactory(title="Trao huy hiệu 50 năm tuổi Đảng")
    assert titles('"huy hieu" -50') == ["Trao huy hiệu 30 năm tuổi Đảng"]
    assert parse_query('Huy hiệu "tuổi Đảng" -"năm 50"') == (["huy hieu", "tuoi dang"], ["nam 50"])


def test_several_phrases_and_excluded_phrases(titles):
    ArticleFactory(title="Trao huy hiệu 30 năm tuổi Đảng", body="<p>Đợt 2 tháng 9.</p>")
    ArticleFactory(title="Trao huy hiệu 50 năm tuổi Đảng", body="<p>Đợt 3 tháng 2.</p>")
    ArticleFactory(title="Trao huy hiệu đợt 7", body="<p>Đảng viên cao tuổi.</p>")  # "tuoi dang" is not there
    assert titles('"huy hieu" "tuoi dang"') == ["Trao huy hiệu 30 năm tuổi Đảng", "Trao huy hiệu 50 năm tuổi Đảng"]
    assert titles('huy hieu -"50 nam" -"thang 9"') == ["Trao huy hiệu đợt 7"]
    assert titles('huy hieu -"50 thang"') == [  # not these words in this order
        "Trao huy hiệu 30 năm tuổi Đảng",
        "Trao huy hiệu 50 năm tuổi Đảng",
        "Trao huy hiệu đợt 7",
    ]


def test_a_title_match_needs_every_phrase_in_the_title(titles):
    now = timezone.now()
    ArticleFactory(title="Huy hiệu Đảng", body="<p>Tuổi Đảng cao.</p>", published_at=now - dt.timedelta(hours=1))
    ArticleFactory(title="Huy hiệu 40 năm tuổi Đảng", published_at=now - dt.timedelta(days=9))
    assert titles('"huy hieu" "tuoi dang"') == ["Huy hiệu 40 năm tuổi Đảng", "Huy hiệu Đảng"]


def test_hits_count_every_match_and_give_one_page_of_ids():
    now = timezone.now()
    made = [
        ArticleFactory(title=f"Kết nạp đảng viên đợt {i}", published_at=now - dt.timedelta(hours=i + 1))
        for i in range(5)
    ]
    ArticleFactory(title="Kết nạp chưa đăng", status=Article.Status.DRAFT)
    assert search_hits("ket nap", 0, 2) == Hits(total=5, ids=[made[0].pk, made[1].pk])
    assert search_hits("ket nap", 4, 2) == Hits(total=5, ids=[made[4].pk])
    assert search_hits("ket nap", 5, 2) == Hits()  # past the end: no row carries the count


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED])
def test_unpublished_articles_are_not_found(status, titles):
    ArticleFactory(title="Bí mật chưa đăng", status=status)
    ArticleFactory(title="Bí mật hẹn giờ", published_at=timezone.now() + dt.timedelta(days=1))
    assert titles("bi mat") == []


def test_empty_and_punctuation_only_queries_find_nothing(titles):
    ArticleFactory(title="Tin bất kỳ")
    assert titles("") == [] and titles("   ") == [] and titles("!!! ...") == []


def test_very_long_query_is_cut_not_an_error():
    ArticleFactory(title="Đảng bộ tổng kết")
    assert list(search_articles("dang bo " + "x" * 2000)) == []
    assert search_hits("dang bo " + "x" * 2000) == Hits()
    assert len(" ".join(parse_query("a " * 2000)[0])) <= MAX_QUERY_LENGTH


def test_bulk_created_articles_are_searchable_after_fill_derived_fields(titles):
    category = ArticleFactory().category
    rows = []
    for i in range(3):
        article = Article(
            title=f"Sinh hoạt chuyên đề số {i}",
            body="<p>Học tập và làm theo tư tưởng.</p>",
            category=category,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - dt.timedelta(days=i),
        )
        article.fill_derived_fields()
        rows.append(article)
    Article.objects.bulk_create(rows)
    assert len(titles("hoc tap va lam theo")) == 3


def test_search_page_handles_bad_input(client):
    ArticleFactory(title="Đảng bộ tổng kết")
    assert client.get("/tim-kiem/", {"q": "dang bo"}).status_code == 200
    long = client.get("/tim-kiem/", {"q": "dang bo " * 300})
    assert long.status_code == 200 and "200 ký tự đầu" in long.content.decode()
    assert client.get("/tim-kiem/", {"q": "dang bo", "page": "abc"}).status_code == 404
    assert client.get("/tim-kiem/", {"q": "dang bo", "page": "99"}).status_code == 404
    assert client.get("/tim-kiem/", {"q": "<script>alert(1)</script>"}).status_code == 200
    assert "<script>alert" not in client.get("/tim-kiem/", {"q": "<script>alert(1)</script>"}).content.decode()
    empty = client.get("/tim-kiem/")
    assert empty.status_code == 200 and empty["X-Robots-Tag"] == "noindex"


def test_search_page_pages_through_every_hit(client):
    now = timezone.now()
    for i in range(23):
        ArticleFactory(
            title=f"Tin số {i}", body="<p>Lễ trao Huy hiệu Đảng.</p>", published_at=now - dt.timedelta(hours=i + 1)
        )
    ArticleFactory(title="Trao Huy hiệu Đảng", published_at=now - dt.timedelta(days=30))  # oldest, but in the title
    first = client.get("/tim-kiem/", {"q": "huy hieu"})
    html = first.content.decode()
    assert "Tìm thấy 24 tin" in html and "Trang 1 / 2" in html
    assert html.index("Trao Huy hiệu Đảng") < html.index("Tin số 0") < html.index("Tin số 18")
    assert "Tin số 19" not in html
    second = client.get("/tim-kiem/", {"q": "huy hieu", "page": "2"}).content.decode()
    assert "Tìm thấy 24 tin" in second and "Trang 2 / 2" in second
    assert all(f"Tin số {i}<" in second for i in range(19, 23)) and "Tin số 18<" not in second
    assert client.get("/tim-kiem/", {"q": "huy hieu", "page": "3"}).status_code == 404


@pytest.mark.parametrize("page", ["0", "abc", "-1", "1.5", str(views.MAX_PAGES + 1)])
def test_search_page_refuses_a_bad_page_number_before_searching(client, monkeypatch, page):
    def must_not_search(*args, **kwargs):
        raise AssertionError("searched for a page that cannot exist")

    monkeypatch.setattr(views, "search_hits", must_not_search)
    assert client.get("/tim-kiem/", {"q": "dang bo", "page": page}).status_code == 404


def test_search_page_lists_results_typed_without_accents(client):
    ArticleFactory(title="Lễ trao Huy hiệu Đảng")
    response = client.get("/tim-kiem/", {"q": "le trao huy hieu"})
    html = response.content.decode()
    assert "Lễ trao Huy hiệu Đảng" in html and "Tìm thấy 1 tin" in html


def test_postgresql_keeps_one_vector_of_syllables_and_pairs_with_a_gin_index():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    article = ArticleFactory(title="Trao huy hiệu cho đảng viên", body="<p>An toàn.</p>")
    Article.objects.filter(pk=article.pk).update(view_count=5)  # a counter update keeps the vector
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM news_article_search WHERE article_id = %s", [article.pk])
        vector = cursor.fetchone()[0]
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'news_article_search_vector_idx'")
        index = cursor.fetchone()[0]
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'news_article_search_vector_idx'")
        options = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'news_article' "
            "AND data_type = 'tsvector'"
        )
        vectors_on_the_article_table = cursor.fetchone()[0]
    # No stop words ("an" stays, English config would drop it); syllables and neighbouring pairs.
    assert "'an'" in vector and "'huy'" in vector and "'hieu'" in vector and "'huy_hieu'" in vector
    assert "'hieu_huy'" not in vector
    assert "gin" in index.lower() and "news_article_search " in index
    assert options == ["fastupdate=off"]  # no pending list for the planner to avoid
    assert vectors_on_the_article_table == 0  # one stored vector, not two
