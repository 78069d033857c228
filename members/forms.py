"""Admin forms of the member registry: photo through the one upload path, gaps checked together."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse

from partysite.uploads import clean_image

from .models import Member
from .validation import gap_errors, normalise_card_number


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
            "full_name", "other_name", "gender", "date_of_birth", "photo", "cell", "card_number", "dossier_number",
            "admission_date", "admission_ceremony_date", "official_date", "status", "status_date", "party_position",
            "place_of_birth", "hometown", "ethnicity", "religion", "education_level", "theory_level",
            "professional_level", "job_title", "notes",
        ]
        widgets = {"photo": PrivateFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"},
                                             thumbnail_alt="Ảnh hiện tại của đảng viên")}

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
