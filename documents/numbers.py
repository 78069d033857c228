"""Number and sign (số và ký hiệu) of party and state documents: parse one, find every one in a text.

Forms (DOMAIN.md, Hướng dẫn 36-HD/VPTW on the form of party documents):
- party: ``number-TYPE/ISSUER``: ``04-CTr/TU``, ``24-QĐ/TW``, ``15-QĐ/ĐU``, ``21-HD/BTCTW``;
- state: ``number/year/TYPE-ISSUER``: ``666/2015/QĐ-UBND`` (also ``91/2025/QH15``, a law, no type);
- state letter: ``number/ISSUER-UNIT``: ``123/UBND-VX`` (a công văn: the sign names who wrote it).

The ``key`` of a number ignores leading zeros and letter case ("04-CTr/TU" = "4-CTR/TU"): it is what
the library matches citations against; with the year it identifies a document (the same number
recurs with another issuer or another year).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Letters of a sign: Latin capitals, Đ, and the lower-case letters of mixed signs (CTr, QĐi).
_UP = "A-ZĐ"
_SIGN = rf"[{_UP}][{_UP}a-zđ]{{0,5}}"
_ISSUER = rf"[{_UP}][{_UP}0-9]{{0,11}}"

_PARTY = rf"(?P<p_num>[0-9]{{1,5}})-(?P<p_type>{_SIGN})/(?P<p_issuer>{_ISSUER}(?:-{_ISSUER})?)"
_STATE = (
    rf"(?P<s_num>[0-9]{{1,5}})/(?P<s_year>(?:19|20)[0-9]{{2}})/"
    rf"(?:(?P<s_type>{_SIGN})-)?(?P<s_issuer>{_ISSUER}(?:-{_ISSUER})?)"
)
_LETTER = rf"(?P<l_num>[0-9]{{1,5}})/(?P<l_issuer>{_ISSUER})-(?P<l_unit>{_ISSUER})"
_NUMBER = rf"(?:{_STATE}|{_PARTY}|{_LETTER})"

# Not inside a longer token: "a04-CTr/TU" or "04-CTr/TUx" are not numbers.
_EDGE_BEFORE = r"(?<![0-9A-Za-zÀ-ỹĐđ/-])"
_EDGE_AFTER = r"(?![0-9A-Za-zÀ-ỹĐđ/])(?!-[0-9A-Za-zĐđ])"
_NUMBER_RE = re.compile(_EDGE_BEFORE + _NUMBER + _EDGE_AFTER)
_WHOLE_RE = re.compile(_NUMBER)
# "ngày 18/12/2020" or "ngày 18-12-2020" right after a cited number.
_DATE_AFTER = re.compile(
    r"\s*,?\s*ngày\s+([0-9]{1,2})\s*[/-]\s*([0-9]{1,2})\s*[/-]\s*((?:19|20)[0-9]{2})", re.IGNORECASE
)

TYPE_SIGNS = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "QC": "Quy chế",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "CV": "Công văn",
}

MALFORMED = (
    "Số và ký hiệu “%(value)s” không đúng dạng: văn bản Đảng viết như 04-CTr/TU hoặc 24-QĐ/TW, "
    "văn bản Nhà nước như 666/2015/QĐ-UBND hoặc 123/UBND-VX."
)


def _upper(text: str) -> str:
    return text.upper()  # "QĐi".upper() == "QĐI": Đ has its own capital, nothing is lost


@dataclass(frozen=True)
class DocumentNumber:
    text: str  # as written (NFC, trimmed)
    number: int
    type_sign: str  # "" for a state letter (công văn) or a law
    issuer_sign: str
    year: int | None = None  # written only in state numbers
    party: bool = True

    @property
    def key(self) -> str:
        """What two writings of the same number share: no leading zeros, capitals."""
        if self.party:
            return f"{self.number}-{_upper(self.type_sign)}/{_upper(self.issuer_sign)}"
        if self.year is None:
            return f"{self.number}/{_upper(self.issuer_sign)}"
        type_part = f"{_upper(self.type_sign)}-" if self.type_sign else ""
        return f"{self.number}/{self.year}/{type_part}{_upper(self.issuer_sign)}"

    @property
    def type_name(self) -> str:
        """The document type the sign stands for ("CTr" → "Chương trình"), or ""."""
        if not self.type_sign:
            return "Công văn" if self.year is None and not self.party else ""
        return TYPE_SIGNS.get(self.type_sign) or TYPE_SIGNS.get(self.type_sign.upper(), "")


def _from_match(match: re.Match) -> DocumentNumber:
    groups = match.groupdict()
    text = match.group(0)
    if groups["p_num"]:
        return DocumentNumber(text, int(groups["p_num"]), groups["p_type"], groups["p_issuer"], None, True)
    if groups["s_num"]:
        return DocumentNumber(
            text, int(groups["s_num"]), groups["s_type"] or "", groups["s_issuer"], int(groups["s_year"]), False
        )
    # 123/UBND-VX: the issuer with the unit that drafted it; a letter has no type sign.
    return DocumentNumber(text, int(groups["l_num"]), "", f"{groups['l_issuer']}-{groups['l_unit']}", None, False)


def normalise(text: str | None) -> str:
    """NFC, spaces around the separators removed ("04 - CTr / TU" → "04-CTr/TU")."""
    text = unicodedata.normalize("NFC", text or "").strip()
    return re.sub(r"\s*([/-])\s*", r"\1", text)


def parse(text: str | None) -> DocumentNumber | None:
    """The parts of one number and sign, or None when it is not one."""
    value = normalise(text)
    match = _WHOLE_RE.fullmatch(value)
    if not match:
        return None
    return _from_match(match)


@dataclass(frozen=True)
class Citation:
    number: DocumentNumber
    start: int  # position of the number in the text
    end: int
    issued_on: date | None = None  # when the text gives "ngày dd/mm/yyyy" right after it

    @property
    def year(self) -> int | None:
        if self.number.year:
            return self.number.year
        return self.issued_on.year if self.issued_on else None


def find_citations(text: str | None) -> list[Citation]:
    """Every document number cited in ``text`` (NFC), in order, with the date written after it.

    Finds "Chương trình hành động số 04-CTr/TU ngày 18/12/2020", "Quy định 24-QĐ/TW",
    "Nghị quyết số 21-NQ/TW": the words before the number do not matter, the number's form does.
    """
    text = text or ""
    found = []
    for match in _NUMBER_RE.finditer(text):
        number = _from_match(match)
        issued_on = None
        date_match = _DATE_AFTER.match(text, match.end())
        if date_match:
            day, month, year = (int(g) for g in date_match.groups())
            try:
                issued_on = date(year, month, day)
            except ValueError:
                issued_on = None
        found.append(Citation(number, match.start(), match.end(), issued_on))
    return found
