"""The benchmark's ceiling: a view that does nothing, served by the same gunicorn and middleware.

Mounted at /bench/trivial/ only when PARTYSITE_BENCH=1 (see partysite/urls.py and bench/).
"""

from django.http import HttpResponse


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")
