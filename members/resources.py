"""Member import and export with django-import-export, in the office's spreadsheet language.

Import adds new members only and is all or nothing: one bad row stops the whole file
with a message naming the spreadsheet line, the column and the reason. The fields below
define the columns; the admin checks and writes files with members.importing (in bulk,
with limits and a background worker). Dates are read as dd/mm/yyyy text, real spreadsheet
dates or Excel serial numbers; cells are matched by name ignoring case and accents.
"""

import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets

from core.regulations import BADGES
from core.text import fold_words

from . import party_age
from .models import Member, MembershipGap, PartyCell
from .validation import normalise_card_number

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
REQUIRED_COLUMNS = ("Họ và tên", "Ngày ra quyết định kết nạp", "Chi bộ")
GAPS_COLUMN = "Thời gian gián đoạn"
_DATE_TOKEN = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SERIAL = re.compile(r"\d{4,5}(\.0+)?")
# Excel's serial day numbers: 1 = 01/01/1900; 73050 = 31/12/2099.
_SERIAL_RANGE = (1, 73050)


def excel_serial_date(number) -> date:
    """A date Excel stored as its serial day number (a cell formatted as General or Text).

    Whole numbers 1900–2100 are more likely a year typed alone than a day in 1905: refused
    with a sentence that says how to write the date.
    """
    from openpyxl.utils.datetime import from_excel

    shown = f"{number:g}"
    if 1900 <= number <= 2100:
        raise ValueError(
            f"“{shown}” chỉ là một năm (hoặc một số ngày kiểu Excel): ghi đủ ngày/tháng/năm, ví dụ 25/08/1990."
        )
    if not float(number).is_integer() or not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise ValueError(f"“{shown}” không phải ngày hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 25/08/1990.")
    return from_excel(number).date()


@dataclass
class ImportedGap:
    start: date
    end: date | None


def parse_gaps(text) -> list[ImportedGap]:
    """ "01/03/2000 – 01/03/2001; 05/06/2024 –" → gaps (an end left out: not yet back).

    Raises ValueError with the office's wording when a part is not one or two dates.
    """
    gaps = []
    widget = VietnameseDateWidget()
    for part in str(text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        tokens = _DATE_TOKEN.findall(part)
        if not 1 <= len(tokens) <= 2:
            raise ValueError(
                f"“{part}” không đúng dạng: ghi “từ ngày – đến ngày”, ví dụ 01/03/2000 – 01/03/2001; "
                "nhiều khoảng cách nhau bằng dấu chấm phẩy; chưa sinh hoạt lại thì bỏ trống ngày sau."
            )
        start = widget.clean(tokens[0])
        end = widget.clean(tokens[1]) if len(tokens) == 2 else None
        gaps.append(ImportedGap(start, end))
    return gaps


def _folded_key(value) -> str:
    return fold_words(value).strip()


class VietnameseDateWidget(widgets.Widget):
    """dd/mm/yyyy text or a real spreadsheet date in; dd/mm/yyyy text out."""

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return excel_serial_date(value)
        text = str(value).strip()
        # A date typed in a spreadsheet may come back with a midnight time attached.
        text = text.removesuffix(" 00:00:00")
        match = _DMY.fullmatch(text)
        if match:  # the common case, without strptime's cost (20,000 rows × 5 dates)
            day, month, year = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                pass
        elif _SERIAL.fullmatch(text):
            # A CSV saved from a column Excel kept as numbers.
            return excel_serial_date(float(text))
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"“{text}” không phải ngày hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 25/08/1990.")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class CellWidget(widgets.ForeignKeyWidget):
    """A cell by its name, ignoring case, accents and extra spaces ("chi bo vien thong")."""

    def __init__(self):
        super().__init__(PartyCell, field="name")
        self._by_key = None

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if self._by_key is None:
            self._by_key = {_folded_key(cell.name): cell for cell in PartyCell.objects.all()}
        key = _folded_key(text)
        cell = self._by_key.get(key) or self._by_key.get(_folded_key(f"Chi bộ {text}"))
        if cell is None:
            names = ", ".join(sorted(c.name for c in self._by_key.values())) or "(chưa có chi bộ nào)"
            raise ValueError(f"Không có chi bộ “{text}”. Các chi bộ hiện có: {names}.")
        return cell


class ChoiceLabelWidget(widgets.Widget):
    """A choice given by its Vietnamese label (any case, with or without accents) or its code."""

    def __init__(self, choices, column):
        self.choices = list(choices)
        self.column = column
        self._lookup = {}
        for code, label in self.choices:
            self._lookup[_folded_key(label)] = code
            self._lookup[_folded_key(code)] = code

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        code = self._lookup.get(_folded_key(text))
        if code is None:
            allowed = ", ".join(label for _code, label in self.choices)
            raise ValueError(f"“{text}” không phải giá trị hợp lệ của cột {self.column}. Dùng một trong: {allowed}.")
        return code

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value or "")


class CardNumberWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return normalise_card_number(value)


class MemberResource(resources.ModelResource):
    full_name = fields.Field("full_name", "Họ và tên", widget=widgets.CharWidget())
    gender = fields.Field("gender", "Giới tính", widget=ChoiceLabelWidget(Member.Gender.choices, "Giới tính"))
    date_of_birth = fields.Field("date_of_birth", "Ngày sinh", widget=VietnameseDateWidget())
    hometown = fields.Field("hometown", "Quê quán", widget=widgets.CharWidget())
    ethnicity = fields.Field("ethnicity", "Dân tộc", widget=widgets.CharWidget())
    religion = fields.Field("religion", "Tôn giáo", widget=widgets.CharWidget())
    card_number = fields.Field("card_number", "Số thẻ đảng viên", widget=CardNumberWidget())
    dossier_number = fields.Field("dossier_number", "Số lý lịch", widget=widgets.CharWidget())
    admission_date = fields.Field("admission_date", "Ngày ra quyết định kết nạp", widget=VietnameseDateWidget())
    admission_ceremony_date = fields.Field("admission_ceremony_date", "Ngày kết nạp", widget=VietnameseDateWidget())
    official_date = fields.Field("official_date", "Ngày chính thức", widget=VietnameseDateWidget())
    cell = fields.Field("cell", "Chi bộ", widget=CellWidget())
    job_title = fields.Field("job_title", "Chức vụ chính quyền", widget=widgets.CharWidget())
    party_position = fields.Field("party_position", "Chức vụ Đảng", widget=widgets.CharWidget())
    status = fields.Field("status", "Tình trạng", widget=ChoiceLabelWidget(Member.Status.choices, "Tình trạng"))
    status_date = fields.Field("status_date", "Tình trạng từ ngày", widget=VietnameseDateWidget())
    # Read by import_instance itself (the gaps are rows of their own, saved after the member).
    gaps_text = fields.Field(column_name=GAPS_COLUMN)
    notes = fields.Field("notes", "Ghi chú", widget=widgets.CharWidget())
    # Export only: computed on the export day.
    party_age = fields.Field(column_name="Tuổi Đảng", readonly=True)
    next_milestone = fields.Field(column_name="Mốc huy hiệu tiếp theo", readonly=True)
    next_milestone_date = fields.Field(column_name="Ngày đạt mốc", readonly=True)

    IMPORT_FIELDS = (
        "full_name",
        "gender",
        "date_of_birth",
        "hometown",
        "ethnicity",
        "religion",
        "card_number",
        "dossier_number",
        "admission_date",
        "admission_ceremony_date",
        "official_date",
        "cell",
        "job_title",
        "party_position",
        "status",
        "status_date",
        "gaps_text",
        "notes",
    )

    class Meta:
        model = Member
        fields = (
            "full_name",
            "gender",
            "date_of_birth",
            "hometown",
            "ethnicity",
            "religion",
            "card_number",
            "dossier_number",
            "admission_date",
            "admission_ceremony_date",
            "official_date",
            "cell",
            "job_title",
            "party_position",
            "status",
            "status_date",
            "gaps_text",
            "party_age",
            "next_milestone",
            "next_milestone_date",
            "notes",
        )
        export_order = fields
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = False

    def __init__(self, **kwargs):
        super().__init__()
        self._today = timezone.localdate()
        self._checker = None

    # --- export -----------------------------------------------------------------
    def _next(self, member):
        if not hasattr(member, "_next_milestone_cache"):
            member._next_milestone_cache = party_age.next_milestone(
                member.admission_date, member.gaps.all(), self._today, BADGES.milestones
            )
        return member._next_milestone_cache

    def dehydrate_gaps_text(self, member):
        return "; ".join(
            f"{gap.start:%d/%m/%Y} – {gap.end:%d/%m/%Y}" if gap.end else f"{gap.start:%d/%m/%Y} –"
            for gap in member.gaps.all()
        )

    def dehydrate_party_age(self, member):
        return party_age.format_party_age(party_age.party_months(member.admission_date, member.gaps.all(), self._today))

    def dehydrate_next_milestone(self, member):
        nxt = self._next(member)
        return f"{nxt[0]} năm" if nxt else ""

    def dehydrate_next_milestone_date(self, member):
        nxt = self._next(member)
        return nxt[1].strftime("%d/%m/%Y") if nxt else ""

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("cell").prefetch_related("gaps")

    def export(self, *args, **kwargs):
        dataset = super().export(*args, **kwargs)
        dataset.title = "Đảng viên"  # the sheet's name in Excel (tablib's default: "Tablib Dataset")
        return dataset

    # --- import -----------------------------------------------------------------
    def get_import_fields(self):
        return [self.fields[name] for name in self.IMPORT_FIELDS]

    def get_instance(self, instance_loader, row):
        # Import adds members; a card number already on file is an error, never an update.
        return None

    def before_import(self, dataset, **kwargs):
        self._checker = None
        headers = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
        dataset.headers = headers
        missing = [column for column in REQUIRED_COLUMNS if column not in headers]
        if missing:
            raise ValidationError(
                "Tệp thiếu cột: "
                + ", ".join(f"“{c}”" for c in missing)
                + ". Hãy dùng tệp mẫu (dòng đầu tiên là tên cột)."
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Blank lines at the end of a spreadsheet are not members.
        return not any(str(v).strip() for v in row.values() if v is not None)

    def import_instance(self, instance, row, **kwargs):
        # The rules are members.importing's (the admin's bulk path); this row-by-row path is
        # for code that calls import_data directly, and checks card numbers on file per row.
        from .importing import RowChecker

        if self._checker is None:
            self._checker = RowChecker()
        line = kwargs.get("row_number", 0) + 1
        member, gaps, errors = self._checker.check(line, row)
        card = member.card_number
        if card and "card_number" not in errors and Member.objects.filter(card_number=card).exists():
            errors["card_number"] = [f"Số thẻ {card} đã có trong danh sách đảng viên."]
        for model_field in Member._meta.concrete_fields:
            if not model_field.primary_key:
                setattr(instance, model_field.attname, getattr(member, model_field.attname))
        instance._imported_gaps = gaps
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        MembershipGap.objects.bulk_create(
            MembershipGap(
                member=instance,
                start=gap.start,
                end=gap.end,
                reason=MembershipGap.Reason.OTHER,
                note="Nhập từ tệp: hãy bổ sung lý do.",
            )
            for gap in getattr(instance, "_imported_gaps", [])
        )

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.validation_error is not None:
            result.validation_error = self._locate(result.validation_error, kwargs.get("row_number", 0) + 1)
        return result

    def _locate(self, error, line):
        """Prefix every message with the spreadsheet line and the column it is about."""
        columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
        columns["gaps_text"] = GAPS_COLUMN
        located = {}
        error_dict = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        for key, messages in error_dict.items():
            column = columns.get(key)
            where = f"Dòng {line}, cột “{column}”" if column else f"Dòng {line}"
            # The same rule may be checked twice (import and model): say it once.
            located[key] = list(dict.fromkeys(f"{where}: {message}" for message in messages))
        return ValidationError(located)


def template_workbook(cells=None) -> bytes:
    """The import template: Vietnamese headers, one example row, and a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    resource = MemberResource()
    headers = [resource.fields[name].column_name for name in MemberResource.IMPORT_FIELDS]
    cells = list(cells if cells is not None else PartyCell.objects.filter(is_active=True))
    example = {
        "Họ và tên": "Nguyễn Văn Mẫu",
        "Giới tính": "Nam",
        "Ngày sinh": "15/04/1985",
        "Quê quán": "xã Tân Lập, tỉnh Hòa Bình Xanh",
        "Dân tộc": "Kinh",
        "Tôn giáo": "Không",
        "Số thẻ đảng viên": "",
        "Số lý lịch": "",
        "Ngày ra quyết định kết nạp": "03/02/2010",
        "Ngày kết nạp": "03/02/2010",
        "Ngày chính thức": "03/02/2011",
        "Chi bộ": cells[0].name if cells else "Chi bộ Văn phòng",
        "Chức vụ chính quyền": "Chuyên viên",
        "Chức vụ Đảng": "",
        "Tình trạng": "Chính thức",
        "Tình trạng từ ngày": "",
        GAPS_COLUMN: "",
        "Ghi chú": "Dòng ví dụ: sửa hoặc xóa trước khi nhập.",
    }
    book = Workbook()
    sheet = book.active
    sheet.title = "Đảng viên"
    sheet.append(headers)
    sheet.append([example[h] for h in headers])
    for index, header in enumerate(headers, 1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(header) + 4)
        # Text format keeps "03/02/2010" and leading zeros of card numbers as typed.
        for row in range(2, 502):
            sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    guide = book.create_sheet("Hướng dẫn")
    lines = [
        "Cách điền tệp nhập đảng viên",
        "Mỗi dòng của trang “Đảng viên” là một đảng viên; dòng đầu là tên cột, giữ nguyên.",
        "Bắt buộc: Họ và tên, Ngày ra quyết định kết nạp, Chi bộ.",
        "Ngày ghi dạng ngày/tháng/năm, ví dụ 25/08/1990 (hoặc ô kiểu ngày của Excel).",
        "Số thẻ đảng viên: 12 chữ số (thẻ cũ 8 chữ số); không trùng với người đã có.",
        "Tình trạng để trống: Chính thức nếu có ngày chính thức, nếu không là Dự bị.",
        "Thời gian gián đoạn (không tính tuổi Đảng): “từ ngày – ngày sinh hoạt lại”, ví dụ "
        "01/03/2000 – 01/03/2001; nhiều khoảng cách nhau bằng dấu chấm phẩy; chưa sinh hoạt lại thì bỏ trống ngày sau.",
        "Nếu có một dòng sai, không dòng nào được nhập: sửa theo thông báo rồi nhập lại.",
        "",
        "Chi bộ hiện có:",
        *[f"  {cell.name}" for cell in cells],
        "",
        "Tình trạng: " + ", ".join(label for _c, label in Member.Status.choices),
        "Giới tính: Nam, Nữ",
    ]
    for text in lines:
        guide.append([text])
    guide["A1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
