from django.contrib import admin

from core import admin_auth  # noqa: F401  (permissions named in Vietnamese on users and groups)
from core.audit import DataAccessLogAdmin
from core.models import DataAccessLog, SiteProfile

admin.site.register(DataAccessLog, DataAccessLogAdmin)


@admin.register(SiteProfile)
class SiteProfileAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["name", "short_name", "parent_body", "province", "founded_year"]}),
        ("Liên hệ", {"fields": ["address", "phone", "email", "content_responsible"]}),
        ("Giới thiệu", {"fields": ["introduction", "organisation"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row: go straight to it, but only for those allowed to see it.
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import redirect
        from django.urls import reverse

        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        profile = SiteProfile.current()
        return redirect(reverse("admin:partysite_siteprofile_change", args=[profile.pk]))
