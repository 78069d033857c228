"""Office-only views: a member's photo and the import template.

Both sit behind the admin login (``admin_site.admin_view``) and the office's model
permissions; nothing here has a public, guessable address.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from .models import Member
from .resources import template_workbook
from .storage import serve_private_file

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@never_cache
def _member_photo(request, pk):
    _require(request, "members.view_member")
    member = get_object_or_404(Member, pk=pk)
    return serve_private_file(request, member.photo, log_as="members.member_photo", pk=member.pk)


@never_cache
def _import_template(request):
    _require(request, "members.add_member")
    response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="tep-mau-nhap-dang-vien.xlsx"'
    return response


member_photo = admin.site.admin_view(_member_photo)
import_template = admin.site.admin_view(_import_template)
