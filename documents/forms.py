"""Forms: the public list's filters, the admin's document and file forms."""

import django_filters
from django import forms

from core.uploads import OFFICE_FILE_HELP, clean_office_file

from .models import Document, DocumentFile, DocumentType, IssuingBody
from .search import MAX_QUERY_LENGTH, search_documents


def _year_choices():
    years = Document.objects.public().order_by("-year").values_list("year", flat=True).distinct()
    return [(str(y), str(y)) for y in years if y]


class DocumentFilter(django_filters.FilterSet):
    """/van-ban/?q=…&loai=<type>&co_quan=<issuer id>&nam=<year>"""

    q = django_filters.CharFilter(label="Từ khóa", method="filter_q")
    loai = django_filters.ChoiceFilter(
        field_name="doc_type", label="Loại văn bản", choices=DocumentType.choices, empty_label="Tất cả các loại"
    )
    co_quan = django_filters.ModelChoiceFilter(
        field_name="issuer", label="Cơ quan ban hành", queryset=IssuingBody.objects.all(), empty_label="Tất cả cơ quan"
    )
    nam = django_filters.ChoiceFilter(
        field_name="year", label="Năm ban hành", choices=_year_choices, empty_label="Tất cả các năm"
    )

    class Meta:
        model = Document
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        fields["q"].widget = forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH})
        fields["q"].help_text = "Số, ký hiệu hoặc nội dung; gõ có dấu hay không dấu đều được."
        fields["loai"].error_messages["invalid_choice"] = "Không có loại văn bản này."
        fields["co_quan"].error_messages["invalid_choice"] = "Không có cơ quan ban hành này."
        fields["nam"].error_messages["invalid_choice"] = "Không có văn bản nào ban hành trong năm này."

    def filter_q(self, queryset, name, value):
        return search_documents(value, queryset=queryset) if value.strip() else queryset


class DocumentAdminForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["number", "doc_type", "issuer", "issued_on", "signer", "summary", "is_public", "status"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class DocumentFileForm(forms.ModelForm):
    """One attachment: the file is checked by content (core.uploads) before anything is stored."""

    upload = forms.FileField(label="Tệp", required=False, help_text=OFFICE_FILE_HELP)

    class Meta:
        model = DocumentFile
        fields = ["upload", "label", "order"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            clean_office_file(upload)  # raises the Vietnamese ValidationError
            upload.seek(0)
        elif not self.instance.pk:
            raise forms.ValidationError("Chưa chọn tệp.")
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data.get("upload")
        if upload:
            old = self.instance.file.name if self.instance.pk and self.instance.file else None
            self.instance.set_upload(upload)
            if old and old != self.instance.file.name:
                self.instance.file.storage.delete(old)  # the replaced file leaves no copy behind
        return super().save(commit)
