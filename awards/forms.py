"""Forms of the office's honours screens. Rules live in awards.honours.rules and awards.ratings."""

from django import forms
from django.core.exceptions import ValidationError

from awards import ratings
from awards.honours import rules as honours
from core.uploads import clean_document

from .models import Commendation, QualityRating

YEAR_MIN, YEAR_MAX = 1930, 2100


class YearInRangeMixin:
    """Commendations and ratings take a year between YEAR_MIN and YEAR_MAX (one check, one sentence)."""

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
            raise ValidationError(f"Năm phải từ {YEAR_MIN} đến {YEAR_MAX}.")
        return year


class CommendationForm(YearInRangeMixin, forms.ModelForm):
    confirm = forms.BooleanField(
        label="Xác nhận khen thưởng này",
        required=False,
        help_text="Đã đối chiếu số, ngày quyết định và thẩm quyền: khen thưởng được hiện trên bảng vinh danh.",
    )
    override_reason = forms.CharField(
        label="Lý do xác nhận dù ngoài thẩm quyền",
        required=False,
        max_length=300,
        help_text="Chỉ cần khi cấp ra quyết định thường không tặng hình thức này (ví dụ quyết định đặc biệt).",
    )
    # Set by the admin for users holding awards.confirm_commendation; the fields mean nothing otherwise.
    can_confirm = False

    class Meta:
        model = Commendation
        fields = [
            "member",
            "cell",
            "form",
            "title",
            "year",
            "issuer",
            "issuer_level",
            "decision_number",
            "decided_on",
            "article",
            "certificate",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "article" in self.fields:
            # The office has no access to the news admin: a plain list of published articles,
            # newest first, instead of a lookup it could not open.
            from news.models import Article

            self.fields["article"].queryset = Article.objects.published().order_by("-published_at")

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        # Only a new upload is checked; an existing file (or a cleared one) passes through.
        if upload and hasattr(upload, "content_type"):
            return clean_document(upload, folder="")
        return upload

    def clean(self):
        data = super().clean()
        member, cell = data.get("member"), data.get("cell")
        # Errors on "member" also stop the database constraint check, so the office reads one
        # clear sentence instead of the constraint's name.
        if error := honours.recipient_error(member, cell):
            self.add_error("member", error)
        elif error := honours.form_error(data.get("form"), for_member=bool(member)):
            self.add_error("form", error)
        decided_on, year = data.get("decided_on"), data.get("year")
        if decided_on and year and decided_on.year < year:
            self.add_error("decided_on", f"Ngày quyết định {decided_on:%d/%m/%Y} trước năm được khen ({year}).")
        if self.can_confirm and data.get("confirm") and not self.errors:
            probe = Commendation(
                member=member,
                cell=cell,
                form=data.get("form"),
                issuer_level=data.get("issuer_level"),
                decision_number=data.get("decision_number") or "",
                decided_on=decided_on,
            )
            for field, message in honours.confirmation_errors(probe, data.get("override_reason")).items():
                self.add_error(field, message)
        return data

    def warnings(self) -> list[str]:
        """Warnings to show after a successful save (the save is not blocked)."""
        data = self.cleaned_data
        message = honours.issuer_warning(data.get("issuer_level"), data.get("form"), bool(data.get("member")))
        return [message] if message else []


class QualityRatingForm(YearInRangeMixin, forms.ModelForm):
    class Meta:
        model = QualityRating
        fields = ["member", "cell", "year", "level", "score", "note"]

    def clean(self):
        data = super().clean()
        member, cell, year = data.get("member"), data.get("cell"), data.get("year")
        if member and cell:
            self.add_error("member", "Mỗi xếp loại cho một đảng viên hoặc một chi bộ, không chọn cả hai.")
            return data
        if not member and not cell:
            self.add_error("member", "Chưa chọn đối tượng xếp loại: một đảng viên hoặc một chi bộ.")
            return data
        if error := ratings.score_error(data.get("level"), data.get("score")):
            self.add_error("score", error)
        if year is None:
            return data
        if member and (error := ratings.admission_year_error(member, year)):
            self.add_error("year", error)
            return data
        duplicate = QualityRating.objects.filter(year=year, **({"member": member} if member else {"cell": cell}))
        if self.instance.pk:
            duplicate = duplicate.exclude(pk=self.instance.pk)
        if duplicate.exists():
            who = f"Đồng chí {member.full_name}" if member else cell.name
            self.add_error("year", f"{who} đã có xếp loại năm {year}; hãy sửa bản ghi đã có thay vì thêm mới.")
        return data

    def warnings(self) -> list[str]:
        data = self.cleaned_data
        member = data.get("member")
        if not member:
            return []
        messages = ratings.member_warnings(member, data["year"], data["level"])
        cell_levels = list(
            QualityRating.objects.filter(year=data["year"], member__cell=member.cell).values_list("level", flat=True)
        )
        if quota := ratings.quota_warning(cell_levels, member.cell.name):
            messages.append(quota)
        return messages


class SheetChoiceForm(forms.Form):
    """Which cell, which year, and the day of the review (for the 6-month rule)."""

    year = forms.IntegerField(label="Năm đánh giá", min_value=YEAR_MIN, max_value=YEAR_MAX)
    review_on = forms.DateField(
        label="Ngày đánh giá", required=False, help_text="Mặc định 31/12 của năm; nhập dd/mm/yyyy."
    )


LEVEL_CHOICES = [("", "— chưa xếp loại —")] + [
    (level.value, f"{ratings.LEVEL_SHORT[level]} – {level.label}") for level in ratings.LEVEL_ORDER
]


class CellSheetForm(forms.Form):
    """One row per member (level and score), plus the cell's own rating; built from ``cell_sheet``."""

    def __init__(self, *args, rows, cell_rating=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self._add_row_fields("cell", "chi bộ", cell_rating)
        for row in self.rated_rows():
            self._add_row_fields(str(row.member.pk), row.member.full_name, row.rating)

    def rated_rows(self):
        # A member not to be rated gets no inputs, unless a rating was already recorded (so it can be fixed).
        return [row for row in self.rows if row.not_rated is None or row.rating is not None]

    def _add_row_fields(self, key, name, rating):
        self.fields[f"level_{key}"] = forms.ChoiceField(
            label=f"Xếp loại – {name}",
            choices=LEVEL_CHOICES,
            required=False,
            initial=rating.level if rating else "",
        )
        self.fields[f"score_{key}"] = forms.IntegerField(
            label=f"Điểm – {name}",
            required=False,
            min_value=0,
            max_value=100,
            initial=rating.score if rating else None,
            widget=forms.NumberInput(attrs={"size": 4, "inputmode": "numeric"}),
        )

    def clean(self):
        data = super().clean()
        for key in ["cell"] + [str(row.member.pk) for row in self.rated_rows()]:
            level, score = data.get(f"level_{key}"), data.get(f"score_{key}")
            if score is not None and not level:
                self.add_error(f"score_{key}", "Có điểm thì chọn mức xếp loại.")
            elif error := ratings.score_error(level, score):
                self.add_error(f"score_{key}", error)
        return data

    def row_fields(self):
        """(row, level field, score field) for the template; fields are None for members not rated."""
        rated = {row.member.pk for row in self.rated_rows()}
        return [
            (row, self[f"level_{row.member.pk}"], self[f"score_{row.member.pk}"])
            if row.member.pk in rated
            else (row, None, None)
            for row in self.rows
        ]

    def entries(self) -> dict:
        """{member id or "cell": (level, score)} from the cleaned data."""
        keys = ["cell"] + [row.member.pk for row in self.rated_rows()]
        data = self.cleaned_data
        return {key: (data.get(f"level_{key}") or "", data.get(f"score_{key}")) for key in keys}

    def cell_fields(self):
        return self["level_cell"], self["score_cell"]
