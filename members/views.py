"""Office-only views: a member's photo and the import template.

Both sit behind the admin login (``admin_site.admin_view``) and the office's model
permissions; nothing here has a public, guessable address.
"""

import mimetypes

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from partysite.audit import Action, log_access

from .models import Member
from .resources import template_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@never_cache
def _member_photo(request, pk):
    _require(request, "members.view_member")
    member = get_object_or_404(Member, pk=pk)
    if not member.photo:
        raise Http404("Đảng viên chưa có ảnh.")
    try:
        handle = member.photo.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp ảnh.") from None
    log_access(request, Action.VIEWED, "members.member_photo", [member.pk])
    content_type = mimetypes.guess_type(member.photo.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def _import_template(request):
    _require(request, "members.add_member")
    response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="tep-mau-nhap-dang-vien.xlsx"'
    return response


member_photo = admin.site.admin_view(_member_photo)
import_template = admin.site.admin_view(_import_template)
