"""The issue's reference ceiling: a trivial view in a fresh ``django-admin startproject`` project.

Issue 8 states its baselines on "this machine class": a trivial Django view at about 5,900
requests/s, Wagtail's bakerydemo at about 35 (home) and 70 (article). Machines of one class
differ by a factor of two from day to day, so ``bench/run.py`` serves this app under the same
gunicorn in the same run and turns the issue's numbers into shares of it: 5 × 35 / 5,900 of
this view's requests/s for the home page, 5 × 70 / 5,900 for an article.

The settings are those ``startproject`` writes (its apps and middleware); the view touches
neither the session nor the database, like a trivial view in such a project.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-a-secret",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
    ],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(tempfile.gettempdir()) / "bench-bare-django.sqlite3"),
        }
    },
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": []},
        }
    ],
    STATIC_URL="static/",
    USE_TZ=True,
)


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/trivial/", trivial)]

from django.core.wsgi import get_wsgi_application  # noqa: E402 (after settings.configure)

application = get_wsgi_application()
