from django.conf import settings

from .views import page_for_exception


class ErrorPageMiddleware:
    """A database that is down (503) or a disk that is full during an upload (507) gives a
    Vietnamese page saying what happened, not a traceback.

    Views and template rendering are covered here; anything earlier reaches
    ``partysite.views.server_error``, which asks the same ``page_for_exception``. On a full
    disk the storage has already removed its temporary file, and the admin's view runs in a
    transaction that the exception rolls back, so no half-saved record remains either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return page_for_exception(exception)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
