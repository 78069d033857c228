"""Numbers and signs of documents: parsed into their parts, found in a text in every written form."""

import datetime as dt
from pathlib import Path

import pytest

from documents.numbers import find_citations, parse

# shared/ lies beside the checkout, on a developer's machine and in CI alike.
SEED_ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "seed" / "sample-article.txt"


@pytest.mark.parametrize(
    ("text", "number", "type_sign", "issuer_sign", "year"),
    [
        ("04-CTr/TU", 4, "CTr", "TU", None),
        ("24-QĐ/TW", 24, "QĐ", "TW", None),
        ("15-QĐ/ĐU", 15, "QĐ", "ĐU", None),
        ("01-HD/TW", 1, "HD", "TW", None),
        ("21-HD/BTCTW", 21, "HD", "BTCTW", None),
        ("123-CV/ĐU", 123, "CV", "ĐU", None),
        ("666/2015/QĐ-UBND", 666, "QĐ", "UBND", 2015),
        ("123/UBND-VX", 123, "", "UBND-VX", None),
        (" 04 - CTr / TU ", 4, "CTr", "TU", None),
    ],
)
def test_parse_gives_number_type_issuer_and_year(text, number, type_sign, issuer_sign, year):
    parsed = parse(text)
    assert (parsed.number, parsed.type_sign, parsed.issuer_sign, parsed.year) == (number, type_sign, issuer_sign, year)


@pytest.mark.parametrize("text", ["", "04", "abc", "04-ctr/tu", "04-CTr", "CTr/TU", "04-CTr/TU/x", "số 04-CTr/TU"])
def test_malformed_numbers_are_not_parsed(text):
    assert parse(text) is None


def test_keys_ignore_leading_zeros_and_case():
    assert parse("04-CTr/TU").key == parse("4-CTR/TU").key
    assert parse("24-QĐ/TW").key != parse("24-QĐi/TW").key
    assert parse("04-CTr/TU").type_name == "Chương trình"


def test_citation_in_the_seed_article_with_its_date():
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    found = find_citations(text)
    assert [text[c.start : c.end] for c in found] == ["04-CTr/TU"]
    assert found[0].issued_on == dt.date(2020, 12, 18)
    assert found[0].year == 2020


def test_citations_with_and_without_so_and_date():
    text = (
        "Theo Quy định 24-QĐ/TW, Nghị quyết số 21-NQ/TW; Hướng dẫn số 01-HD/TW ngày 18-12-2021 "
        "và Quyết định 666/2015/QĐ-UBND, Công văn 123/UBND-VX. Nhiệm kỳ 2020-2025, COVID-19, ngày 18/12/2020."
    )
    found = find_citations(text)
    assert [text[c.start : c.end] for c in found] == [
        "24-QĐ/TW",
        "21-NQ/TW",
        "01-HD/TW",
        "666/2015/QĐ-UBND",
        "123/UBND-VX",
    ]
    assert found[2].issued_on == dt.date(2021, 12, 18)
    assert found[3].year == 2015
    assert found[0].issued_on is None


def test_no_citation_inside_a_longer_token():
    assert find_citations("mã a04-CTr/TU và 04-CTr/TUx và /04-CTr/TU") == []
