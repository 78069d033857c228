"""The editorial workflow's admin plumbing shared by news and the document library.

Both apps keep their own rules in a ``workflow`` module with the same interface
(``can_edit(user, obj)``, ``can_publish(user)``) and their own search function; this mixin
only wires those into the admin, so core still imports no app. The actions themselves
(their wording, and news' send-back/take-down with a reason) stay in each app's admin.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied


class WorkflowAdminMixin:
    workflow = None  # the app's workflow module (can_edit, can_publish)
    workflow_select_related = ()  # what each object's change needs, fetched once for the batch
    search_function = None  # staticmethod(search_x(term, queryset=...)): the app's full-text search

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return self.workflow.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        # Used by the actions' permissions=["publish"].
        return self.workflow.can_publish(request.user)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return self.search_function(search_term, queryset=queryset), False

    def _apply(self, request, queryset, change, done_message):
        # All or nothing for permission: one object this person may not edit refuses the batch.
        count = 0
        for obj in queryset.select_related(*self.workflow_select_related):
            if not self.workflow.can_edit(request.user, obj):
                raise PermissionDenied
            count += bool(change(obj))
        self.message_user(request, done_message.format(count=count), messages.SUCCESS)
