"""Recording a round's decision without a request (awards.badges.recording): all badges or none."""

from datetime import date

import pytest

from awards.badges.recording import NO_NUMBER, record_round_decisions
from awards.badges.rules import eligible_for_round
from awards.models import BadgeAward, BadgeRound

from .factories import MemberFactory, RoundFactory

pytestmark = pytest.mark.django_db

ROUND = date(2027, 2, 3)


def _record(round_, numbers, user=None):
    """numbers: {member: badge number}; every other nomination of the round is left blank."""
    rows = [(n, numbers.get(n.member.pk, "")) for n in eligible_for_round(round_.date) if not n.is_held]
    return record_round_decisions(
        round=round_, rows=rows, user=user, decision_number="1800-QĐ/TU", decided_on=date(2027, 1, 28)
    )


def test_recording_saves_the_numbered_badges_stamps_the_user_and_decides_the_round(office):
    round_ = RoundFactory(date=ROUND)
    binh = MemberFactory(admission_date=date(1997, 1, 15))
    vinh = MemberFactory(admission_date=date(1986, 11, 20))
    blank = MemberFactory(admission_date=date(1996, 1, 1))
    result = _record(round_, {binh.pk: " HH001 ", vinh.pk: "HH002"}, user=office)
    assert result.ok and result.saved == 2
    round_.refresh_from_db()
    assert (round_.state, round_.decision_number, round_.decided_on) == ("decided", "1800-QĐ/TU", date(2027, 1, 28))
    awards = {a.member_id: a for a in BadgeAward.objects.all()}
    assert set(awards) == {binh.pk, vinh.pk} and blank.pk not in awards
    binh_award = awards[binh.pk]
    assert (binh_award.badge_number, binh_award.recorded_by, binh_award.round) == ("HH001", office, round_)
    assert (awards[vinh.pk].years, awards[vinh.pk].decision_number) == (40, "1800-QĐ/TU")


def test_recording_again_updates_the_badge_of_this_round_and_keeps_who_recorded_it(office, superuser):
    round_ = RoundFactory(date=ROUND)
    binh = MemberFactory(admission_date=date(1997, 1, 15))
    assert _record(round_, {binh.pk: "HH001"}, user=office).ok
    assert _record(round_, {binh.pk: "HH009"}, user=superuser).ok
    award = BadgeAward.objects.get()
    assert (award.badge_number, award.recorded_by) == ("HH009", office)


def test_no_badge_number_leaves_the_round_open():
    round_ = RoundFactory(date=ROUND)
    MemberFactory(admission_date=date(1997, 1, 15))
    result = _record(round_, {})
    assert not result.ok and result.error == NO_NUMBER and result.saved == 0
    round_.refresh_from_db()
    assert round_.state == BadgeRound.State.OPEN and not BadgeAward.objects.exists()


def test_one_refused_badge_saves_nothing_at_all():
    round_ = RoundFactory(date=ROUND)
    binh = MemberFactory(admission_date=date(1997, 1, 15))
    vinh = MemberFactory(admission_date=date(1986, 11, 20))
    BadgeAward.objects.create(member=vinh, years=40, round_date=date(2026, 11, 7), badge_number="HH-CU")
    rows = [(n, "HH001") for n in eligible_for_round(ROUND)]  # Bình only: Vĩnh already holds the badge
    (binh_row,) = rows
    # A row the rules refuse: Vĩnh's 40-year badge, recorded once already.
    vinh_row = (type(binh_row[0])(member=vinh, years=40, milestone_date=date(2026, 11, 20), kind="regular"), "HH002")
    result = record_round_decisions(
        round=round_, rows=[binh_row, vinh_row], user=None, decision_number="1800-QĐ/TU", decided_on=date(2027, 1, 28)
    )
    assert not result.ok and result.saved == 0
    ((refused, messages),) = result.row_errors
    assert refused.member == vinh and "đã được ghi nhận Huy hiệu 40 năm" in " ".join(messages)
    assert not BadgeAward.objects.filter(member=binh).exists()
    round_.refresh_from_db()
    assert round_.state == BadgeRound.State.OPEN


def test_a_badge_someone_else_saved_meanwhile_is_a_message_and_nothing_is_saved(monkeypatch):
    round_ = RoundFactory(date=ROUND)
    binh = MemberFactory(full_name="Trần Văn Bình", admission_date=date(1997, 1, 15))
    original = BadgeAward.full_clean

    def other_person_saves_first(self, *args, **kwargs):
        original(self, *args, **kwargs)
        # The other office user's identical record commits between our check and our INSERT.
        BadgeAward.objects.bulk_create(
            [BadgeAward(member=self.member, years=self.years, round_date=ROUND, badge_number="HH-KHAC")]
        )

    monkeypatch.setattr(BadgeAward, "full_clean", other_person_saves_first)
    result = _record(round_, {binh.pk: "HH001"})
    assert not result.ok
    ((_nomination, messages),) = result.row_errors
    assert "đã được ghi nhận Huy hiệu 30 năm tuổi Đảng (người khác vừa lưu)" in messages[0]
    round_.refresh_from_db()
    assert round_.state == BadgeRound.State.OPEN
