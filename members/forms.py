"""Admin forms of the member registry: photo through the one upload path, gaps checked together."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse

from partysite.uploads import clean_image

from .models import Member
from .validation import gap_errors, normalise_card_number


class PrivatePhotoInput(forms.ClearableFileInput):
    """Shows the current photo through the office-only view; private files have no public URL."""

    template_name = "members/widgets/private_photo.html"
    photo_url = ""

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["photo_url"] = self.photo_url
        return context


class MemberAdminForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "full_name", "other_name", "gender", "date_of_birth", "photo", "cell", "card_number", "dossier_number",
            "admission_date", "admission_ceremony_date", "official_date", "status", "status_date", "party_position",
            "place_of_birth", "hometown", "ethnicity", "religion", "education_level", "theory_level",
            "professional_level", "job_title", "notes",
        ]
        widgets = {"photo": PrivatePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        photo = self.fields.get("photo")
        if photo is not None and self.instance.pk and self.instance.photo:
            photo.widget.photo_url = reverse("members:photo", args=[self.instance.pk])

    def clean_card_number(self):
        return normalise_card_number(self.cleaned_data.get("card_number"))

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            # Checked by content, re-encoded without EXIF, stored under a random name.
            cleaned, _width, _height = clean_image(photo, folder="", max_side=1200)
            return cleaned
        return photo


class GapInlineFormSet(forms.BaseInlineFormSet):
    """Gaps are checked together: inside membership, not overlapping, at most one still open."""

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
        gaps = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.instance.start
        ]
        errors = gap_errors(self.instance, gaps)
        if errors:
            raise forms.ValidationError(errors)


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
