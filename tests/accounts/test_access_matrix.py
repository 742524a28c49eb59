"""The access matrix: every kind of reader × every audience × every surface, generated from one table.

To add a surface, add one entry to SURFACES: a function (test case, signed-in client, audience) -> whether the
item of that audience shows on the surface, the rule it follows ("reader": exactly what the reader may see;
"public": public items only, whoever asks; "admin": what the reader may see, for readers who work in the Wagtail
admin, nothing for the others: restrictions bind editors in the admin too), and the audiences it has items for
(the forum has no public boards).

Beside the surfaces, the evaluators they call are asked directly (EVALUATORS): accounts.access.pages for pages
(one page, and the cached hidden subtrees that listings, feeds and the admin read) and accounts.access.media
for the images and documents the file views serve.
"""

import re

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, TestCase

from accounts.access.media import decide
from accounts.access.pages import can_view_page, hidden_for
from accounts.roles import ADMINISTRATOR, EDITOR, FOCAL_POINT, MODERATOR, OFFICER, PARTICIPANT
from library.models import LibraryPage
from tests.factories.accounts import (
    create_user,
    create_working_group,
    restrict_to_groups,
    restrict_to_members,
    restrict_to_officers,
)
from tests.factories.library import create_case_study, create_method

AUDIENCES = ("public", "members", "officers", "group")

# reader: (role, approved, in the named working group) -> audiences whose items the reader sees.
READERS = {
    "visitor": (None, None, False, {"public"}),
    "pending member": (None, False, False, {"public"}),
    "pending member in the working group": (None, False, True, {"public"}),
    "participant": (PARTICIPANT, True, False, {"public", "members"}),
    "participant in the working group": (PARTICIPANT, True, True, {"public", "members", "group"}),
    "officer": (OFFICER, True, False, {"public", "members", "officers"}),
    "moderator": (MODERATOR, True, False, {"public", "members", "officers"}),
    "editor": (EDITOR, True, False, {"public", "members", "officers"}),
    "editor in the working group": (EDITOR, True, True, {"public", "members", "officers", "group"}),
    "focal point": (FOCAL_POINT, True, False, {"public", "members", "officers"}),
    "administrator": (ADMINISTRATOR, True, False, {"public", "members", "officers", "group"}),
}

# One distinct word and year per audience, so each surface can tell the items apart.
ITEMS = {
    "public": ("Kestrel", 2001),
    "members": ("Heron", 2002),
    "officers": ("Osprey", 2003),
    "group": ("Plover", 2004),
}


def page_by_url(test, client, audience):
    page = test.pages[audience]
    response = client.get(page.url)
    if response.status_code == 200:
        test.assertContains(response, page.title)
        return True
    test.assertEqual(response.status_code, client.get("/library/no-such-matrix-page/").status_code)
    test.assertNotIn(page.title, response.content.decode())
    return False


def document_by_url(test, client, audience):
    document = test.documents[audience]
    response = client.get(document.url)
    if response.status_code == 200:
        return True
    missing = client.get(f"/documents/{document.pk + 100000}/{document.filename}")
    test.assertEqual((response.status_code, response["Cache-Control"]), (missing.status_code, missing["Cache-Control"]))
    return False


def library_listing(test, client, audience):
    response = client.get("/library/")
    test.assertEqual(response.status_code, 200)
    return test.pages[audience].title in response.content.decode()


def listing_facet_counts(test, client, audience):
    response = client.get("/library/")
    years = next(facet for facet in response.context["listing"].facets if facet.name == "year")
    counts = {str(value.value): value.count for value in years.values}
    return counts.get(str(ITEMS[audience][1]), 0) > 0


def listing_total(test, client, audience):
    # The total counts visible items only: it equals the number of audiences the reader may see.
    response = client.get(f"/library/?year={ITEMS[audience][1]}")
    return response.context["listing"].total == 1


def sitemap(test, client, audience):
    response = client.get("/sitemap.xml")
    test.assertEqual(response.status_code, 200)
    return test.pages[audience].url_path.rstrip("/").rsplit("/", 1)[-1] in response.content.decode()


def library_feed(test, client, audience):
    response = client.get("/library/feed/")
    test.assertEqual(response.status_code, 200)
    test.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
    return test.pages[audience].title in response.content.decode()


def search_api(test, client, audience):
    response = client.get("/api/search/", {"q": ITEMS[audience][0]})
    test.assertEqual(response.status_code, 200)
    return any(hit["url"].rstrip("/").endswith(test.pages[audience].slug) for hit in response.json()["results"])


def search_page(test, client, audience):
    response = client.get("/search/", {"q": ITEMS[audience][0]})
    test.assertEqual(response.status_code, 200)
    return test.pages[audience].title in response.content.decode()


def forum_thread_by_url(test, client, audience):
    thread = test.threads[audience]
    response = client.get(thread.get_absolute_url())
    if response.status_code == 200:
        test.assertContains(response, thread.title)
        return True
    missing_url = thread.get_absolute_url().replace(f"/{thread.pk}/", f"/{thread.pk + 100000}/")
    missing = client.get(missing_url)
    location = missing.get("Location", "").replace(missing_url, thread.get_absolute_url())
    test.assertEqual((response.status_code, response.get("Location", "")), (missing.status_code, location))
    test.assertNotIn(thread.title, response.content.decode())
    return False


def media_url(test, client, audience):
    # The original and the rendition a page's <img> points to: both served, or both "not found".
    statuses = {client.get(url).status_code for url in test.media_urls[audience]}
    test.assertEqual(len(statuses), 1)
    test.assertIn(next(iter(statuses)), (200, 404))
    return statuses == {200}


def forum_attachment_by_url(test, client, audience):
    response = client.get(test.attachment_urls[audience])
    if response.status_code == 200:
        return True
    missing = client.get(test.attachment_urls[audience].replace("/attachments/", "/attachments/100000"))
    test.assertEqual(response.status_code, missing.status_code)
    test.assertIn(response.status_code, (302, 404))
    return False


def forum_index(test, client, audience):
    response = client.get("/forum/")
    if response.status_code == 302:  # signed out: sent to sign in
        return False
    test.assertEqual(response.status_code, 200)
    return test.threads[audience].board.name in response.content.decode()


def admin_page_editor(test, client, audience):
    response = client.get(f"/admin/pages/{test.pages[audience].pk}/edit/")
    if response.status_code == 200:
        return True
    missing = client.get(f"/admin/pages/{test.pages[audience].pk + 100000}/edit/")
    test.assertEqual(response.status_code, missing.status_code)  # 404, or sent away from the admin: as if missing
    return False


def admin_page_revisions(test, client, audience):
    revision = test.pages[audience].latest_revision
    response = client.get(f"/admin/pages/{test.pages[audience].pk}/revisions/{revision.pk}/view/")
    return response.status_code == 200


def admin_page_search(test, client, audience):
    response = client.get("/admin/pages/search/", {"q": ITEMS[audience][0]})
    return response.status_code == 200 and test.pages[audience].title in response.content.decode()


def admin_image_editor(test, client, audience):
    response = client.get(f"/admin/images/{test.images[audience].pk}/")
    return response.status_code == 200


def admin_image_listing(test, client, audience):
    response = client.get("/admin/images/")
    return response.status_code == 200 and test.images[audience].title in response.content.decode()


def admin_document_editor(test, client, audience):
    response = client.get(f"/admin/documents/edit/{test.documents[audience].pk}/")
    return response.status_code == 200


def evaluator_can_view_page(test, user, audience):
    return can_view_page(user, test.pages[audience])


def evaluator_hidden_for(test, user, audience):
    paths, ids = hidden_for(user)
    page = test.pages[audience]
    if ids is not None:
        test.assertEqual(page.pk in ids, page.path.startswith(paths))  # the ids list and the subtrees agree
    return not page.path.startswith(paths)


def evaluator_visible_to(test, user, audience):
    return LibraryPage.objects.visible_to(user).filter(pk=test.pages[audience].pk).exists()


def evaluator_media_decide(test, user, audience):
    request = RequestFactory().get("/")
    request.user = user
    image, document = test.images[audience], test.documents[audience]
    allowed = {decide(request, image).allowed, decide(request, document).allowed}
    test.assertEqual(len(allowed), 1)  # an image and a document on pages of one audience: one answer
    return allowed == {True}


EVALUATORS = {
    "accounts.access.pages.can_view_page": evaluator_can_view_page,
    "accounts.access.pages.hidden_for": evaluator_hidden_for,
    "LibraryPage.objects.visible_to": evaluator_visible_to,
    "accounts.access.media.decide": evaluator_media_decide,
}


def insights_page(test, client, audience):
    # One case study per audience in its own year: the page counts it only for readers who may open it.
    year = INSIGHT_YEARS[audience]
    response = client.get("/insights/", {"from": year, "to": year})
    test.assertEqual(response.status_code, 200)
    return response.context["insights"].total == 1


def insights_route_map(test, client, audience):
    year = INSIGHT_YEARS[audience]
    response = client.get("/insights/", {"from": year, "to": year})
    route_map = re.search(r'<svg[^>]*class="chart chart--map".*?</svg>', response.content.decode(), re.S).group(0)
    return "destination=TH" in route_map  # an arrow into Thailand, linked to its case studies


def insights_api(test, client, audience):
    year = INSIGHT_YEARS[audience]
    response = client.get("/api/insights/country-crime.json", {"from": year, "to": year})
    test.assertEqual(response.status_code, 200)
    return any(row["case_studies"] for row in response.json()["rows"])


def insights_csv(test, client, audience):
    year = INSIGHT_YEARS[audience]
    response = client.get("/api/insights/routes.csv", {"from": year, "to": year})
    test.assertEqual(response.status_code, 200)
    return "LA,TH,1" in response.content.decode()


def insights_brief(test, client, audience):
    year = INSIGHT_YEARS[audience]
    response = client.get("/insights/brief/LA/", {"from": year, "to": year})
    test.assertEqual(response.status_code, 200)
    return test.insight_pages[audience].title in response.content.decode()


ALL = AUDIENCES
RESTRICTED = ("members", "officers", "group")
SURFACES = {
    "page by URL": (page_by_url, "reader", ALL),
    "document by URL": (document_by_url, "reader", ALL),
    "library listing": (library_listing, "reader", ALL),
    "listing facet counts": (listing_facet_counts, "reader", ALL),
    "listing total": (listing_total, "reader", ALL),
    "sitemap": (sitemap, "public", ALL),
    "library feed": (library_feed, "public", ALL),
    "search API": (search_api, "reader", ALL),
    "search page": (search_page, "reader", ALL),
    "forum thread by URL": (forum_thread_by_url, "reader", RESTRICTED),
    "forum index": (forum_index, "reader", RESTRICTED),
    "media URL": (media_url, "reader", ALL),
    "forum attachment by URL": (forum_attachment_by_url, "reader", RESTRICTED),
    "admin page editor": (admin_page_editor, "admin", ALL),
    "admin page revisions": (admin_page_revisions, "admin", ALL),
    "admin page search": (admin_page_search, "admin", ALL),
    "admin image editor": (admin_image_editor, "admin", ALL),
    "admin image listing": (admin_image_listing, "admin", ALL),
    "admin document editor": (admin_document_editor, "admin", ALL),
    "insights page": (insights_page, "reader", ALL),
    "insights route map": (insights_route_map, "reader", ALL),
    "insights API (JSON)": (insights_api, "reader", ALL),
    "insights download (CSV)": (insights_csv, "reader", ALL),
    "insights country brief": (insights_brief, "reader", ALL),
}
INSIGHT_YEARS = {"public": 1981, "members": 1982, "officers": 1983, "group": 1984}
ADMIN_READERS = ("editor", "editor in the working group", "administrator")


class AccessMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.working_group = create_working_group("Mekong border liaison")
        cls.pages = {}
        for audience, (word, year) in ITEMS.items():
            maker = create_method if audience == "officers" else create_case_study
            cls.pages[audience] = maker(title=f"{word} matrix item", slug=f"{word.lower()}-matrix", year=year)
        restrict_to_members(cls.pages["members"])
        restrict_to_officers(cls.pages["officers"])
        restrict_to_groups(cls.pages["group"], [cls.working_group])
        cls.insight_pages = cls.create_insight_items()
        cls.threads = cls.create_forum_items()
        cls.media_urls = cls.create_media_items()
        cls.documents = cls.create_documents()
        cls.attachment_urls = cls.create_forum_attachments()
        cls.readers = {}
        for name, (role, approved, in_group, _expected) in READERS.items():
            if approved is None:
                cls.readers[name] = None
                continue
            user = create_user(role, approved=approved)
            if in_group:
                user.groups.add(cls.working_group)
            cls.readers[name] = user

    @classmethod
    def create_insight_items(cls):
        """Create one case study per audience (Laos to Thailand, forced labour), each in a year of its own."""
        restrict = {
            "members": restrict_to_members,
            "officers": restrict_to_officers,
            "group": lambda page: restrict_to_groups(page, [cls.working_group]),
        }
        pages = {}
        for audience, year in INSIGHT_YEARS.items():
            page = create_case_study(
                title=f"Insights matrix case {audience}",
                countries=(("LA", "origin"), ("TH", "destination")),
                crimes=["forced-labour"],
                year=year,
            )
            if audience in restrict:
                restrict[audience](page)
            pages[audience] = page
        return pages

    @classmethod
    def create_forum_items(cls):
        """Create one forum board and thread per restricted audience."""
        from forum.models import Board
        from tests.factories.forum import create_board, create_thread

        starter = create_user(ADMINISTRATOR)
        boards = {
            "members": create_board(audience=Board.Audience.MEMBERS, name="Heron board"),
            "officers": create_board(audience=Board.Audience.OFFICERS, name="Osprey board"),
            "group": create_board(audience=Board.Audience.GROUPS, groups=[cls.working_group], name="Plover board"),
        }
        return {
            audience: create_thread(board, starter, title=f"{ITEMS[audience][0]} forum thread")
            for audience, board in boards.items()
        }

    @classmethod
    def create_media_items(cls):
        """Create one image per audience, used on a page of that audience; return its file and rendition URLs."""
        from django.core.cache import cache

        from tests.library.test_media_access import create_image, image_body

        cache.clear()  # renditions are cached by image id, which other tests' rolled-back images reused
        restrict = {
            "members": restrict_to_members,
            "officers": restrict_to_officers,
            "group": lambda page: restrict_to_groups(page, [cls.working_group]),
        }
        urls = {}
        cls.images = {}
        for audience in AUDIENCES:
            image = cls.images[audience] = create_image(f"Matrix image {audience}")
            page = create_case_study(title=f"Matrix page with a picture, {audience}", body=image_body(image), year=1990)
            if audience in restrict:
                restrict[audience](page)
            urls[audience] = (image.file.url, image.get_rendition("width-400").url)
        return urls

    @classmethod
    def create_documents(cls):
        """Create one document per audience, the file of a resource page of that audience."""
        from django.core.files.base import ContentFile

        from library.models import LibraryDocument
        from tests.factories.library import create_resource, pdf_with_text

        restrict = {
            "members": restrict_to_members,
            "officers": restrict_to_officers,
            "group": lambda page: restrict_to_groups(page, [cls.working_group]),
        }
        documents = {}
        for audience in AUDIENCES:
            document = LibraryDocument.objects.create(
                title=f"Matrix file {audience}", file=ContentFile(pdf_with_text("Matrix file"), name=f"{audience}.pdf")
            )
            page = create_resource(title=f"Matrix resource, {audience}", document=document)
            if audience in restrict:
                restrict[audience](page)
            documents[audience] = document
        return documents

    @classmethod
    def create_forum_attachments(cls):
        """Attach a picture to the opening post of each forum thread; return the attachments' URLs."""
        from django.core.files.base import ContentFile

        from forum.models import Attachment
        from tests.library.test_media_access import png_bytes

        urls = {}
        for audience, thread in cls.threads.items():
            data = png_bytes()
            attachment = Attachment(post=thread.posts.first(), kind="image", name="form.png", size=len(data))
            attachment.file.save("form.png", ContentFile(data), save=False)
            attachment.save()
            urls[audience] = attachment.get_absolute_url()
        return urls

    def test_matrix(self):
        for reader_name, (_role, _approved, _in_group, expected) in READERS.items():
            user = self.readers[reader_name]
            self.client.logout()
            if user is not None:
                self.client.force_login(user)
            for audience in AUDIENCES:
                for evaluator, check in EVALUATORS.items():
                    with self.subTest(reader=reader_name, audience=audience, evaluator=evaluator):
                        self.assertEqual(check(self, user or AnonymousUser(), audience), audience in expected)
                for surface, (check, rule, audiences) in SURFACES.items():
                    if audience not in audiences:
                        continue
                    should_see = {
                        "reader": audience in expected,
                        "public": audience == "public",
                        "admin": audience in expected and reader_name in ADMIN_READERS,
                    }[rule]
                    with self.subTest(reader=reader_name, audience=audience, surface=surface):
                        self.assertEqual(check(self, self.client, audience), should_see)


# Workshop results (issue 13): who reads a workshop's aggregate results, and a curriculum's results across workshops.
# Not an audience of the page: the workshops' trainers, the partner agencies' readers a trainer named, and nobody else.
WORKSHOP_READERS = {
    # reader: (role, relation to workshop A or B, workshops whose results they read, workshops they run)
    "visitor": (None, None, set(), set()),
    "participant of A": (PARTICIPANT, "participant A", set(), set()),
    "participant of B": (PARTICIPANT, "participant B", set(), set()),
    "officer": (OFFICER, None, set(), set()),
    "partner reader of A": (OFFICER, "reader A", {"A"}, set()),
    "partner reader of B": (PARTICIPANT, "reader B", {"B"}, set()),
    "trainer of A": (OFFICER, "trainer A", {"A"}, {"A"}),
    "editor": (EDITOR, None, {"A", "B"}, {"A", "B"}),
    "administrator": (ADMINISTRATOR, None, {"A", "B"}, {"A", "B"}),
}


def _workshop_surface(path, rule):
    def check(test, client, name):
        workshop = test.workshops[name]
        response = client.get(path.format(pk=workshop.pk, curriculum=workshop.curriculum_id))
        if response.status_code == 200:
            if response["Content-Type"].startswith("application/vnd.openxmlformats"):
                return True
            return workshop.title in response.content.decode("utf-8-sig")
        test.assertIn(response.status_code, (302, 404))  # signed out: to sign in; signed in: as if missing
        return False

    return check, rule


WORKSHOP_SURFACES = {
    "workshop results page": _workshop_surface("/workshops/{pk}/results/", "results"),
    "workshop results CSV": _workshop_surface("/workshops/{pk}/results.csv", "results"),
    "workshop results XLSX": _workshop_surface("/workshops/{pk}/results.xlsx", "results"),
    "workshop results readers page": _workshop_surface("/workshops/{pk}/results/readers/", "trainer"),
    "curriculum across workshops page": _workshop_surface("/workshops/curricula/{curriculum}/results/", "results"),
    "curriculum across workshops CSV": _workshop_surface("/workshops/curricula/{curriculum}/results.csv", "results"),
}


class WorkshopResultsMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.factories.workshops import create_curriculum, create_workshop
        from workshops.models import ResultsViewer

        curriculum = create_curriculum()
        cls.workshops = {
            "A": create_workshop(title="Matrix workshop Ibis", curriculum=curriculum, partner_agencies="Agency A"),
            "B": create_workshop(title="Matrix workshop Crane", curriculum=curriculum, partner_agencies="Agency B"),
        }
        cls.readers = {}
        for name, (role, relation, _reads, _runs) in WORKSHOP_READERS.items():
            if name == "visitor":
                cls.readers[name] = None
                continue
            user = cls.readers[name] = create_user(role)
            kind, _space, letter = (relation or "").partition(" ")
            workshop = cls.workshops.get(letter)
            if kind == "participant":
                user.groups.add(workshop.cohort)
            elif kind == "reader":
                ResultsViewer.objects.create(workshop=workshop, user=user, agency=f"Agency {letter}")
            elif kind == "trainer":
                workshop.facilitators.add(user)
                workshop.save()

    def test_matrix(self):
        for reader_name, (_role, _relation, reads, runs) in WORKSHOP_READERS.items():
            user = self.readers[reader_name]
            self.client.logout()
            if user is not None:
                self.client.force_login(user)
            for workshop in self.workshops:
                for surface, (check, rule) in WORKSHOP_SURFACES.items():
                    expected = workshop in (reads if rule == "results" else runs)
                    with self.subTest(reader=reader_name, workshop=workshop, surface=surface):
                        self.assertEqual(check(self, self.client, workshop), expected)
