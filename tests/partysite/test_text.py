import unicodedata

import pytest

from core.text import fold, fold_html, fold_words, name_sort_key, slugify_vi


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Đảng Bộ", "dang bo"),
        ("ĐẢNG BỘ", "dang bo"),
        ("đảng bộ", "dang bo"),
        ("Quyết", "quyet"),
        ("Hòa", "hoa"),
        ("Hoà", "hoa"),  # old tone placement
        ("Nguyễn Thị Ánh Tuyết", "nguyen thi anh tuyet"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_strips_marks_and_maps_d(raw, folded):
    assert fold(raw) == folded


def test_fold_accepts_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Đảng bộ Sở Thông tin")
    assert decomposed != "Đảng bộ Sở Thông tin"
    assert fold(decomposed) == "dang bo so thong tin"


def test_fold_words_pads_and_drops_punctuation():
    assert fold_words("Trao Huy hiệu, 30 năm!") == " trao huy hieu 30 nam "
    assert fold_words("  ") == ""


def test_fold_html_reads_text_and_entities():
    assert fold_html("<p>Đảng&nbsp;bộ <b>tỉnh</b></p>") == " dang bo tinh "
    assert fold_html("<p>&#272;&#7843;ng</p>") == " dang "


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Trao Huy hiệu 30 năm tuổi Đảng", "trao-huy-hieu-30-nam-tuoi-dang"),
        ("Đảng bộ tỉnh", "dang-bo-tinh"),
        ("  Hội nghị: tổng kết năm 2025 (lần 2)  ", "hoi-nghi-tong-ket-nam-2025-lan-2"),
        ("Chi bộ BCXB – Báo chí – Xuất bản", "chi-bo-bcxb-bao-chi-xuat-ban"),
        ("", ""),
        ("!!!", ""),
    ],
)
def test_slugify_vi(title, slug):
    assert slugify_vi(title) == slug


def test_slugify_vi_of_decomposed_title():
    assert slugify_vi(unicodedata.normalize("NFD", "Tuổi Đảng")) == "tuoi-dang"


def test_name_sort_key_orders_by_given_name_with_d_among_d():
    names = ["Lữ Văn Tâm", "Đỗ Hữu Quyết", "Nguyễn Văn An", "Đinh Thị Dung", "Trần Đức"]
    ordered = sorted(names, key=name_sort_key)
    assert ordered == ["Nguyễn Văn An", "Trần Đức", "Đinh Thị Dung", "Đỗ Hữu Quyết", "Lữ Văn Tâm"]


def test_name_sort_key_of_empty_name():
    assert name_sort_key("") == ("", "")
    assert name_sort_key(None) == ("", "")
