"""The library's Atom feed: the newest public pages, the same for whoever asks."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from library.listing import latest_pages
from library.models import LibraryIndexPage

FEED_SIZE = 30


class LibraryFeed(Feed):
    """Newest public library pages. Feed readers send no session, so restricted pages never appear here."""

    feed_type = Atom1Feed
    title = _("Frontline Exchange library")
    subtitle = _("New anonymized case studies, investigation methods and training resources.")
    link = "/library/"

    def get_object(self, request, *args, **kwargs):
        return request  # handed to items(), which links each page through it

    def items(self, request):
        if not LibraryIndexPage.objects.live().exists():
            return []
        pages = latest_pages(AnonymousUser(), limit=FEED_SIZE)
        for page in pages:
            # With the request, Wagtail reads the sites' root paths once for the whole feed (it keeps them on the
            # request) instead of once an item from the shared cache, which is a round trip to Redis in production.
            page.feed_link = page.get_url(request=request)
        return pages

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's <summary type="html"> holds HTML: the plain-text summary is escaped as HTML here, and the feed
        # writer escapes that again as XML, so a reader shows "<img …>" as text instead of running it.
        return escape(item.summary)

    def item_link(self, item):
        return item.feed_link

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.content_type_label, *(country.label for country in item.countries.all())]
