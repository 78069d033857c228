"""Admin forms of the member registry: photo through the one upload path, gaps checked together."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse

from core.uploads import clean_image

from .models import Member
from .validation import cell_period_errors, gap_errors, normalise_card_number


class PrivateFileInput(forms.ClearableFileInput):
    """A file input for private storage (no public URL): the stored file is shown through its
    office-only view, as a small picture when ``thumbnail_alt`` is given, else as a link.

    Member photos here and commendation certificates in awards use this one widget.
    """

    template_name = "members/widgets/private_file.html"

    def __init__(self, attrs=None, *, url="", link_text="Xem tệp đã lưu", thumbnail_alt=""):
        super().__init__(attrs)
        self.url, self.link_text, self.thumbnail_alt = url, link_text, thumbnail_alt

    def is_initial(self, value):
        # FieldFile.url raises on private storage, so Django's test cannot be used; the file
        # name is enough. A new upload shown again after a form error is not the stored file.
        return bool(value and getattr(value, "name", None) and not hasattr(value, "content_type"))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(file_url=self.url, link_text=self.link_text, thumbnail_alt=self.thumbnail_alt)
        return context


class MemberAdminForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "full_name",
            "other_name",
            "gender",
            "date_of_birth",
            "photo",
            "cell",
            "card_number",
            "dossier_number",
            "admission_date",
            "admission_ceremony_date",
            "official_date",
            "status",
            "status_date",
            "party_position",
            "place_of_birth",
            "hometown",
            "ethnicity",
            "religion",
            "education_level",
            "theory_level",
            "professional_level",
            "job_title",
            "notes",
        ]
        widgets = {
            "photo": PrivateFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp"}, thumbnail_alt="Ảnh hiện tại của đảng viên"
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        photo = self.fields.get("photo")
        if photo is not None and self.instance.pk and self.instance.photo:
            photo.widget.url = reverse("members:photo", args=[self.instance.pk])

    def clean_card_number(self):
        return normalise_card_number(self.cleaned_data.get("card_number"))

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            # Checked by content, re-encoded without EXIF, stored under a random name.
            cleaned, _width, _height = clean_image(photo, folder="", max_side=1200)
            return cleaned
        return photo


class PeriodsInlineFormSet(forms.BaseInlineFormSet):
    """A member's periods (gaps, cell periods) checked together, against the values being saved,
    by one rule of members/validation.py: ``check_periods(member, periods) -> [errors]``."""

    check_periods = None  # staticmethod(...) in each subclass

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The rows are checked together below, against the values being saved; the
        # model's own check against the stored rows would see half-edited neighbours.
        form.instance._siblings_checked_by_formset = True
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        periods = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.instance.start
        ]
        errors = self.check_periods(self.instance, periods)
        if errors:
            raise forms.ValidationError(errors)


class GapInlineFormSet(PeriodsInlineFormSet):
    """Gaps are checked together: inside membership, not overlapping, at most one still open."""

    check_periods = staticmethod(gap_errors)


class CellPeriodInlineFormSet(PeriodsInlineFormSet):
    """Cell periods are checked together: after admission, not overlapping, at most one still open."""

    check_periods = staticmethod(cell_period_errors)


class TransferForm(forms.Form):
    """A move between cells, a transfer out or a transfer in, as the office records it."""

    MOVE, OUT, OUT_TEMPORARY, IN = "move", "out", "out_temporary", "in"
    kind = forms.ChoiceField(
        label="loại",
        choices=[
            (MOVE, "Chuyển sang chi bộ khác trong Đảng bộ (nội bộ)"),
            (OUT, "Chuyển sinh hoạt chính thức đi nơi khác"),
            (OUT_TEMPORARY, "Chuyển sinh hoạt tạm thời đi nơi khác"),
            (IN, "Nhận sinh hoạt từ nơi khác chuyển đến"),
        ],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(
        label="ngày",
        help_text="Chuyển đi: ngày thôi sinh hoạt tại chi bộ; chuyển đến: ngày nhận sinh hoạt. Nhập dd/mm/yyyy.",
    )
    cell = forms.ModelChoiceField(label="chi bộ (chuyển nội bộ, nhận đến)", queryset=None, required=False)
    place = forms.CharField(
        label="nơi đi/đến", max_length=200, required=False, help_text="Đảng bộ, chi bộ nơi đi hoặc đến."
    )
    left_on = forms.DateField(
        label="ngày giấy giới thiệu (nhận đến)",
        required=False,
        help_text="Ngày thôi sinh hoạt ở nơi cũ; những ngày đến ngày nhận là thời gian gián đoạn.",
    )
    decision_number = forms.CharField(label="số quyết định/giấy giới thiệu", max_length=50, required=False)

    def __init__(self, *args, member=None, **kwargs):
        from .models import PartyCell

        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["cell"].queryset = PartyCell.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["kind"] in (self.MOVE, self.IN) and not data.get("cell"):
            raise forms.ValidationError("Hãy chọn chi bộ.")
        return data

    def save(self):
        """Record the transfer (members.transfers); a Vietnamese ValidationError leaves nothing saved."""
        from . import transfers

        data, member = self.cleaned_data, self.member
        if data["kind"] == self.MOVE:
            return transfers.move_cell(member, data["cell"], data["on"])
        if data["kind"] in (self.OUT, self.OUT_TEMPORARY):
            return transfers.transfer_out(
                member,
                data["on"],
                data["place"],
                official=data["kind"] == self.OUT,
                decision_number=data["decision_number"],
            )
        return transfers.transfer_in(
            member,
            data["on"],
            data["place"],
            data["cell"],
            left_on=data.get("left_on"),
            decision_number=data["decision_number"],
        )


class StatusChangeInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        admission = self.instance.admission_date
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            if admission and data.get("date") and data["date"] < admission:
                raise forms.ValidationError(
                    f"Ngày {data['date']:%d/%m/%Y} của thay đổi tình trạng không thể trước ngày kết nạp."
                )


class ProbationDecisionForm(forms.Form):
    """The committee's decision on a probationary member, as the office records it."""

    RECOGNISED = "recognised"
    STRUCK_OFF = "struck_off"
    decision = forms.ChoiceField(
        label="quyết định",
        choices=[
            (RECOGNISED, "Công nhận đảng viên chính thức"),
            (STRUCK_OFF, "Xóa tên trong danh sách đảng viên dự bị"),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label="ngày quyết định", help_text="Nhập dd/mm/yyyy.")
    decision_number = forms.CharField(label="số quyết định", max_length=50, required=False)
    reason = forms.CharField(
        label="lý do (khi xóa tên)", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean(self):
        from django.core.exceptions import ValidationError

        from . import probation

        data = super().clean()
        if self.errors:
            return data
        # Check with the same rules the recording functions apply, so the form shows the
        # sentence and nothing is written.
        try:
            probation.check_decision(
                self.member, data["decision"] == self.RECOGNISED, data["decided_on"], data.get("reason", "")
            )
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return data


class StatisticsForm(forms.Form):
    ngay = forms.DateField(
        label="tính đến ngày", required=False, help_text="Mặc định 31/12 năm trước. Nhập dd/mm/yyyy."
    )
