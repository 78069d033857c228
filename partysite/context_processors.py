from .models import SiteProfile


def site(request):
    """The committee's profile for the header, footer and admin branding."""
    return {"site_profile": SiteProfile.current()}
