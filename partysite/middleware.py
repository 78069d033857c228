from django.conf import settings
from django.db import InterfaceError, OperationalError

from .storage import StorageFullError
from .views import database_unavailable, storage_full


class DatabaseUnavailableMiddleware:
    """A database that is down gives a Vietnamese 503 page, not a traceback.

    Views and template rendering are covered here; anything earlier reaches
    ``partysite.views.server_error``, which makes the same decision.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return database_unavailable()
        return None


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class StorageFullMiddleware:
    """A full disk during an upload gives a Vietnamese page saying nothing was saved.

    The storage has already removed its temporary file, and the admin's view runs in a
    transaction that the exception rolls back, so no half-saved record remains either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StorageFullError):
            return storage_full()
        return None
