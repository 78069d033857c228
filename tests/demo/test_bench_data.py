"""manage.py bench_data makes realistic data fast, and runs twice without doubling it."""

import pytest
from django.core.management import call_command

from awards.models import BadgeAward, Commendation
from core.regulations import BADGES
from members.models import Member, PartyCell
from news.models import Article, Category

pytestmark = pytest.mark.django_db


def run(**options):
    call_command("bench_data", articles=40, members=300, awards=25, **options)


def test_makes_the_requested_amounts_of_realistic_data():
    run()
    assert Article.objects.count() == 40
    assert Member.objects.count() == 300
    assert BadgeAward.objects.count() == 25
    assert Commendation.objects.count() == 5
    assert Category.objects.count() >= 5
    assert Article.objects.published().count() >= 25

    article = Article.objects.published().first()
    syllables = len(article.body.replace("<p>", " ").replace("</p>", " ").split())
    assert 650 <= syllables <= 800
    assert article.get_absolute_url().startswith("/tin-tuc/")
    assert len(set(Article.objects.values_list("slug", flat=True))) == 40


def test_members_have_derived_fields_and_consistent_dates():
    run()
    for member in Member.objects.all()[:50]:
        assert member.sort_key and member.search_text
        assert member.date_of_birth < member.admission_date
        assert member.official_date is None or member.official_date > member.admission_date
        if member.status in Member.DATED_STATUSES:
            assert member.status_date is not None
        assert len(member.card_number) == 12


def test_badges_are_for_milestones_reached_by_the_round():
    run()
    for award in BadgeAward.objects.select_related("member"):
        assert award.years in BADGES.milestones
        assert award.member.party_months(award.round_date) >= 12 * award.years


def test_second_run_adds_nothing_and_reset_recreates():
    run()
    run()
    assert Article.objects.count() == 40
    assert Member.objects.count() == 300
    run(reset=True)
    assert Article.objects.count() == 40
    assert Member.objects.count() == 300
    assert PartyCell.objects.count() == PartyCell.objects.filter(slug__startswith="bench-").count()


def test_reset_leaves_real_data_alone():
    category = Category.objects.create(name="Tin thật")
    real = Article.objects.create(title="Bài thật", slug="bai-that", category=category)
    cell = PartyCell.objects.create(name="Chi bộ Văn phòng thật")
    person = Member.objects.create(full_name="Lê Thị Hoa", admission_date="2001-01-01", cell=cell)
    run()
    run(reset=True)
    assert Article.objects.filter(pk=real.pk).exists()
    assert Member.objects.filter(pk=person.pk).exists()


WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:41234/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.12ms    3.01ms  40.10ms   80.00%
    Req/Sec   650.00     50.00   700.00     70.00%
  Latency Distribution
     50%  812.00us
     75%    6.90ms
     90%    9.80ms
     99%    1.20s
  3250 requests in 5.00s, 10.00MB read
  Non-2xx or 3xx responses: 7
Requests/sec:    649.87
Transfer/sec:      2.00MB
"""


def test_bench_reads_wrk_latency_in_any_unit():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "run.py"
    spec = importlib.util.spec_from_file_location("bench_run", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    result = module.parse_wrk(WRK_OUTPUT)
    assert result == {"rps": 649.87, "p50": pytest.approx(0.812), "p99": 1200.0, "errors": 7}


def test_documents_are_published_numbered_and_survive_a_second_run_and_reset(client):
    from documents.models import Document

    call_command("bench_data", articles=5, members=20, awards=0, documents=60)
    assert Document.objects.count() == 60
    document = Document.objects.public().first()
    assert document is not None and document.sign_key and document.search_text
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get("/van-ban/").status_code == 200
    call_command("bench_data", articles=5, members=20, awards=0, documents=60)
    assert Document.objects.count() == 60
    call_command("bench_data", articles=5, members=20, awards=0, documents=60, reset=True)
    assert Document.objects.count() == 60


def test_data_made_before_the_library_gets_its_documents_on_the_next_run():
    from documents.models import Document

    call_command("bench_data", articles=5, members=20, awards=0, documents=0)
    assert not Document.objects.exists()
    call_command("bench_data", articles=5, members=20, awards=0, documents=30)
    assert Document.objects.count() == 30
