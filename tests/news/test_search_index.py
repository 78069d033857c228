"""The search index beside the article table (news/search.py) follows every write to the articles.

SQLite: the FTS5 table `news_article_fts` (external content: the article table). PostgreSQL: the
narrow table `news_article_search`. Both are kept by triggers, so these tests write to articles the
ways the site does (save, bulk_create, queryset update, delete) and check the index, then search;
and a lost trigger is found by a check and repaired by `manage.py rebuild_search_index`.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from news.models import Article
from news.search import PostgresBackend, check_index, search_articles, search_hits

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

SQLITE_TRIGGERS = {"news_article_fts_insert", "news_article_fts_delete", "news_article_fts_update"}
POSTGRES_TRIGGERS = {
    "news_article_search_insert",
    "news_article_search_update",
    "news_article_search_delete",
    "news_article_search_truncate",
}


def assert_index_in_sync():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # FTS5 compares its index with what the content table holds now; a stale entry raises.
            cursor.execute("INSERT INTO news_article_fts (news_article_fts, rank) VALUES ('integrity-check', 1)")
            return
        cursor.execute("""
            SELECT count(*) FROM news_article a FULL JOIN news_article_search s ON s.article_id = a.id
            WHERE a.id IS NULL OR s.article_id IS NULL
               OR (a.status, a.published_at, a.title_folded, news_search_tokens(a.search_text))
                  IS DISTINCT FROM (s.status, s.published_at, s.title_folded, s.search_vector)
        """)
        assert cursor.fetchone()[0] == 0


def found(query):
    """Titles found by the search page and by the admin's queryset: they must agree."""
    hits = search_hits(query, 0, 100)
    by_id = dict(Article.objects.values_list("id", "title"))
    page = [by_id[pk] for pk in hits.ids]
    assert hits.total == len(page)
    assert page == [a.title for a in search_articles(query)]
    return page


def indexed_ids(phrase):
    """Article ids the index itself holds for a folded phrase, whatever their status."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid FROM news_article_fts WHERE news_article_fts MATCH %s", [f'"{phrase}"'])
        else:
            cursor.execute(
                "SELECT article_id FROM news_article_search WHERE search_vector @@ %s::tsquery",
                [PostgresBackend.tsquery_for(phrase)],
            )
        return {row[0] for row in cursor.fetchall()}


def test_the_sync_triggers_exist():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'news_article'")
            expected = SQLITE_TRIGGERS
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'news_article'::regclass")
            expected = POSTGRES_TRIGGERS
        names = {row[0] for row in cursor.fetchall()}
    # On SQLite, Django alters a column by copying the table and dropping the old one, triggers and
    # all: a migration that does so to news_article must call news.search.rebuild_index() after it.
    assert expected <= names, f"search index triggers missing: {sorted(expected - names)}"


def test_a_new_article_is_indexed():
    article = ArticleFactory(title="Hội nghị chuyển đổi số", body="<p>Bàn về nền tảng số.</p>")
    assert indexed_ids("chuyen doi so") == {article.pk}
    assert found("chuyển đổi số") == ["Hội nghị chuyển đổi số"]
    assert_index_in_sync()


def test_an_edit_replaces_the_old_words():
    article = ArticleFactory(title="Tổng kết năm", body="<p>Lễ trao Huy hiệu Đảng.</p>")
    article.title = "Sơ kết quý"
    article.body = "<p>Bàn giải pháp chuyển đổi số.</p>"
    article.save()
    assert found("huy hieu") == [] and found("tong ket") == []
    assert found("chuyen doi so") == ["Sơ kết quý"] and found("so ket") == ["Sơ kết quý"]
    assert indexed_ids("huy hieu") == set()
    assert_index_in_sync()


def test_a_deleted_article_leaves_the_index():
    kept = ArticleFactory(title="Trao Huy hiệu đợt 1")
    gone = ArticleFactory(title="Trao Huy hiệu đợt 2")
    gone_pk = gone.pk
    gone.delete()
    assert indexed_ids("huy hieu") == {kept.pk} and gone_pk not in indexed_ids("trao")
    assert found("huy hieu") == ["Trao Huy hiệu đợt 1"]
    assert_index_in_sync()


def test_status_and_publication_time_changes_are_followed():
    article = ArticleFactory(title="Kết nạp đảng viên mới")
    assert found("ket nap") == ["Kết nạp đảng viên mới"]
    # queryset.update() skips save(): the triggers see it all the same.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert found("ket nap") == []
    assert indexed_ids("ket nap") == {article.pk}  # still indexed, for the admin's search
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now() + dt.timedelta(days=1)
    )
    assert found("ket nap") == []  # scheduled
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - dt.timedelta(minutes=1))
    assert found("ket nap") == ["Kết nạp đảng viên mới"]
    article.refresh_from_db()
    article.status = Article.Status.ARCHIVED
    article.save()
    assert found("ket nap") == []
    assert_index_in_sync()


def test_bulk_created_articles_are_indexed():
    category = ArticleFactory().category
    rows = []
    for i in range(3):
        article = Article(
            title=f"Sinh hoạt chuyên đề số {i}",
            body="<p>Học tập và làm theo.</p>",
            category=category,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - dt.timedelta(days=i),
            slug=f"sinh-hoat-{i}",
        )
        article.fill_derived_fields()
        rows.append(article)
    Article.objects.bulk_create(rows)
    assert found("sinh hoat chuyen de") == [f"Sinh hoạt chuyên đề số {i}" for i in range(3)]
    assert_index_in_sync()


def _rows_written(statement, params):
    """Rows the statement wrote, triggers included (SQLite's change counter; on PostgreSQL 1, plus 1 when
    the narrow row got a new version, which moves it: a new ctid)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            before = connection.connection.total_changes
            cursor.execute(statement, params)
            return connection.connection.total_changes - before
        cursor.execute("SELECT ctid::text FROM news_article_search")
        before = cursor.fetchall()
        cursor.execute(statement, params)
        cursor.execute("SELECT ctid::text FROM news_article_search")
        return 1 + (cursor.fetchall() != before)


def test_view_counter_and_unchanged_saves_do_not_rewrite_the_index():
    article = ArticleFactory(title="Tin được đọc nhiều")
    assert _rows_written("UPDATE news_article SET view_count = view_count + 1 WHERE id = %s", [article.pk]) == 1
    # save() writes every column, the searched ones unchanged: the trigger's WHEN skips the index.
    assert (
        _rows_written(
            "UPDATE news_article SET title_folded = title_folded, search_text = search_text, "
            "status = status WHERE id = %s",
            [article.pk],
        )
        == 1
    )
    assert _rows_written("UPDATE news_article SET title_folded = %s WHERE id = %s", [" khac ", article.pk]) > 1


def test_postgresql_truncate_empties_the_narrow_table():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite has no TRUNCATE; Django's flush deletes rows there)")
    ArticleFactory(title="Tin sẽ bị xóa hết")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred foreign key check may be pending
        cursor.execute("TRUNCATE news_article CASCADE")  # what Django's test flush does
        cursor.execute("SELECT count(*) FROM news_article_search")
        assert cursor.fetchone()[0] == 0


def test_lost_triggers_are_reported_and_rebuilt_by_one_command():
    article = ArticleFactory(title="Đại hội Chi bộ nhiệm kỳ mới")
    assert check_index(databases=["default"]) == []
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS if connection.vendor == "sqlite" else POSTGRES_TRIGGERS:
            # What dropping the old table after Django's copy does on SQLite.
            cursor.execute(f"DROP TRIGGER {name}" + ("" if connection.vendor == "sqlite" else " ON news_article"))
    Article.objects.filter(pk=article.pk).update(title_folded=" sua lai ")  # not followed: stale
    assert [error.id for error in check_index(databases=["default"])] == ["news.E001"]

    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Đã tạo lại chỉ mục tìm kiếm" in out.getvalue()

    assert check_index(databases=["default"]) == []
    assert_index_in_sync()
    article.title = "Đại hội Chi bộ điển hình"
    article.save()
    assert found("dien hinh") == ["Đại hội Chi bộ điển hình"] and found("nhiem ky") == []
    assert_index_in_sync()
