from core.cache import content_version
from core.models import SiteProfile


def site(request):
    """The committee's profile for the header, footer and admin branding, and the content
    version that keys the cached header and footer (they change only with content)."""
    return {"site_profile": SiteProfile.current(), "content_version": content_version() or "none"}
