"""What readers type on the demo library: nominalised Lao/Thai/Khmer nouns, English word forms, misspellings."""

import io
import os
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from library.demo.members import DEMO_DOMAIN
from library.models import LibraryPage
from search import service
from search.backends import get_engine

FORCED_MARRIAGE = "ສັນຍາວ່າຈະມີວຽກເຮັດ ແຕ່ຖືກຂາຍໃຫ້ແຕ່ງງານຂ້າມຊາຍແດນພາກເໜືອ"
BOAT_CROSSING = "ການລັກລອບນຳຄົນຂ້າມແມ່ນ້ຳຂອງດ້ວຍເຮືອໃນຍາມກາງຄືນ ຢູ່ແຂວງສະຫວັນນະເຂດ"
MEMBERS_ONLY = "Collecting digital evidence from messaging apps"


def titles(text, **kwargs):
    """Return the titles of the first page of results an anonymous reader gets for text."""
    return [hit.title for hit in service.search(text, **kwargs).hits]


class DemoSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with mock.patch.dict(os.environ, {"DEMO_PASSWORD": "demo-pass-for-tests-7Q!x"}):
            call_command("load_demo_content", stdout=io.StringIO())
        call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())

    def test_lao_noun_form_finds_the_forced_marriage_case_first(self):
        assert titles("ການແຕ່ງງານ")[0] == FORCED_MARRIAGE
        found = titles("ການແຕ່ງງານ ບັງຄັບ")
        assert found[0] == FORCED_MARRIAGE
        assert BOAT_CROSSING not in found or found.index(BOAT_CROSSING) > found.index(FORCED_MARRIAGE)

    def test_lao_noun_forms_find_the_pages_of_their_verbs(self):
        for noun, verb in (("ການຂາຍ", "ຂາຍ"), ("ການຫຼອກລວງ", "ຫຼອກລວງ")):
            assert service.search(noun).total > 0
            assert set(titles(verb)) <= set(titles(noun, page_size=100))

    def test_thai_and_khmer_noun_forms_find_the_pages_of_their_verbs(self):
        for noun, verb in (("การหลอกลวง", "หลอกลวง"), ("ความหลอกลวง", "หลอกลวง"), ("ការរៀបការ", "រៀបការ")):
            assert service.search(noun).total > 0
            assert set(titles(verb)) <= set(titles(noun, page_size=100))
        assert set(titles("រៀបការ")) <= set(titles("សេចក្តីរៀបការ", page_size=100))
        assert set(titles("រៀបការ")) <= set(titles("ភាពរៀបការ", page_size=100))

    def test_english_word_forms_find_each_other(self):
        results = service.search("traffickers")
        assert results.total > 0
        assert any("<mark>trafficking</mark>" in hit.snippet.lower() for hit in results.hits)

    def test_misspelt_query_shows_the_corrected_results_with_a_way_back(self):
        response = self.client.get("/search/", {"q": "traficking"})
        content = response.content.decode()
        assert "Showing results for <strong>trafficking</strong>" in content
        assert 'href="?q=traficking&amp;as_typed=1"' in content
        assert "Did you mean" not in content
        assert service.search("traficking").total == service.search("trafficking").total > 0
        as_typed = self.client.get("/search/", {"q": "traficking", "as_typed": "1"}).content.decode()
        assert "Showing results for" not in as_typed and "Nothing matches" in as_typed
        assert "Did you mean" in as_typed

    def test_other_misspellings_are_corrected(self):
        for typo, word in (("smugling", "smuggling"), ("Cambodja", "cambodia")):
            results = service.search(typo)
            assert results.corrected_query == word and results.total > 0

    def test_api_says_what_it_corrected(self):
        data = self.client.get("/api/search/", {"q": "traficking"}).json()
        assert data["corrected_from"] == "traficking" and data["query"] == "trafficking" and data["count"] > 0
        data = self.client.get("/api/search/", {"q": "traficking", "as_typed": "1"}).json()
        assert data["corrected_from"] is None and data["count"] == 0 and data["suggestion"] == "trafficking"

    def test_correction_never_uses_a_word_only_a_restricted_page_contains(self):
        assert LibraryPage.objects.get(title=MEMBERS_ONLY).view_restrictions.exists()
        assert "messaging" not in get_engine().vocabulary({"public"})
        anonymous = service.search("mesaging")
        assert anonymous.total == 0 and anonymous.corrected_from is None
        assert "messaging" not in (anonymous.suggestion or "")
        content = self.client.get("/search/", {"q": "mesaging"}).content.decode()
        assert "messaging" not in content and "Showing results for" not in content
        member = get_user_model().objects.get(email=f"participant@{DEMO_DOMAIN}")
        results = service.search("mesaging", user=member)
        assert results.corrected_query == "messaging" and MEMBERS_ONLY in [hit.title for hit in results.hits]
