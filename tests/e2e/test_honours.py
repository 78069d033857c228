"""In a browser: the office rates a cell and sees the quota warning; a visitor filters the honour roll."""

from pathlib import Path

import pytest

from awards.models import Commendation, QualityRating
from tests.awards.factories import CellFactory, CommendationFactory, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"  # make e2e installs it


def test_office_rates_a_whole_cell_and_sees_the_quota_warning(live_server, page, office):
    cell = CellFactory(name="Chi bộ Trình Duyệt")
    members = [MemberFactory(cell=cell, full_name=f"Phan Văn {n}") for n in ("Ánh", "Bảo", "Cẩn", "Đạt", "Hòa")]
    page.goto(live_server.url + "/quan-tri/login/")
    page.fill("#id_username", office.username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/quan-tri/awards/qualityrating/xep-loai-chi-bo/")
    page.select_option("#id_choice_cell", str(cell.pk))
    page.fill("#id_choice_year", "2024")
    page.click("text=Mở bảng xếp loại")
    for i, member in enumerate(members):
        page.select_option(f"#id_level_{member.pk}", "htxsnv" if i < 2 else "httnv")
    page.fill(f"#id_score_{members[0].pk}", "95")
    page.click("input[value='Lưu xếp loại']")
    page.wait_for_selector(".messagelist")
    text = page.inner_text(".messagelist")
    assert "thêm 5" in text
    assert "vượt 20%" in text
    assert QualityRating.objects.filter(year=2024, level="htxsnv").count() == 2


def test_visitor_filters_the_honour_roll_by_year_on_a_phone(live_server, browser):
    CommendationFactory(
        year=2020, title="Hoàn thành xuất sắc nhiệm vụ năm 2020", member=MemberFactory(full_name="Quách Thị Hai Mươi")
    )
    CommendationFactory(
        year=2024,
        member=None,
        cell=CellFactory(name="Chi bộ Hai Tư"),
        form=Commendation.Form.CERTIFICATE,
        title="Trong sạch, vững mạnh năm 2024",
    )
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    csp = []
    page.on("console", lambda msg: csp.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(live_server.url + "/khen-thuong/")
    assert "Chi bộ Hai Tư" in page.inner_text("main")
    page.select_option("#id_nam", "2020")
    page.click("form.filters button")
    page.wait_for_url("**nam=2020**")
    main = page.inner_text("main")
    assert "Quách Thị Hai Mươi" in main and "Chi bộ Hai Tư" not in main
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert csp == []
    context.close()

    assert AXE.exists(), "axe-core missing: run make e2e"
    # axe is injected as a script, so this second look bypasses the page's CSP.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/khen-thuong/?nam=2020")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run()")
    serious = [(v["id"], v["impact"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    context.close()
