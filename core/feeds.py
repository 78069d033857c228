"""The shape every feed of the site shares: the newest public items of one list, Vietnamese,
titled with the site's name. Each app says which list (``public_items``), where it lives
(URL names) and how one item reads; core imports no app."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from core.models import SiteProfile

FEED_SIZE = 20


class SiteFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"
    # Filled by each app; "{site}" becomes the committee's name from SiteProfile.
    title_format = ""
    description_format = ""
    link_name = ""  # URL name of the list page
    feed_url_name = ""  # URL name of this feed

    def public_items(self):
        """The queryset of items a visitor may see (the app's own published()/public())."""
        raise NotImplementedError

    def title(self):
        return self.title_format.format(site=SiteProfile.current().name)

    def description(self):
        return self.description_format.format(site=SiteProfile.current().name)

    def link(self):
        return reverse(self.link_name)

    def feed_url(self):
        return reverse(self.feed_url_name)

    def items(self):
        return self.public_items().order_by("-published_at", "-id")[:FEED_SIZE]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
