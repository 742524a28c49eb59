"""The engine conformance suite: behaviour every search engine must show, whatever stores the index.

Subclass ``EngineConformance`` in a ``Test…`` class and give it an ``engine`` fixture returning an empty
engine (for the embedded engine: tests/search/test_embedded_engine.py). Writes must be visible to the next
search (an Elasticsearch engine refreshes on write in tests).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from search.backends.base import SearchQuery
from search.documents import SearchDocument
from search.follows.checks import new_since
from search.service import newest_query

PUBLIC = frozenset({"public"})
GROUP = frozenset({"public", "members", "group:7"})


def doc(pk, title, *, kind="case-study", language="en", text="", day=1, **fields):
    """Return a document published on the given day of January 2024."""
    fields.setdefault("date", datetime(2024, 1, day, 12, tzinfo=UTC))
    return SearchDocument(
        id=f"page:{pk}", kind=kind, title=title, url=f"/library/p{pk}/", language=language, text=text, **fields
    )


CORPUS = [
    doc(
        1,
        "คดีแรงงานประมงทะเล",
        language="th",
        text="เจ้าหน้าที่พบขบวนการค้ามนุษย์ข้ามชาติบนเรือประมงนอกชายฝั่งสงขลา",
        countries=["TH", "KH"],
        crime_types=["trafficking"],
        year=2022,
        tags=["fishing"],
        tag_labels=["Fishing"],
        day=3,
    ),
    doc(
        2,
        "Buôn bán người qua biên giới Lào Cai",
        language="vi",
        text="Các đối tượng buôn bán người dụ dỗ phụ nữ bằng lời hứa việc làm.",
        countries=["VN"],
        crime_types=["trafficking"],
        year=2023,
        day=5,
    ),
    doc(
        3,
        "Tin tuc buon ban nguoi",
        language="vi",
        text="Bai viet khong dau ve buon ban nguoi va lao dong.",
        kind="resource",
        countries=["VN", "LA"],
        crime_types=["trafficking"],
        year=2023,
        day=6,
    ),
    doc(
        4,
        "Interviewing victims of trafficking",
        kind="method",
        text="A trauma-informed interview of a trafficking victim: use <b>care</b> & patience, never press.",
        countries=["TH"],
        crime_types=["trafficking"],
        year=2021,
        tags=["interview"],
        tag_labels=["Interview"],
        day=8,
    ),
    doc(
        5,
        "Smuggling of migrants at river crossings",
        kind="resource",
        text="Guide to smuggling routes across the Mekong river.",
        countries=["LA"],
        crime_types=["smuggling"],
        year=2023,
        tags=["river"],
        tag_labels=["River"],
        day=10,
    ),
    doc(
        6,
        "Zanzibarite compound raid",
        text="Restricted account of a trafficking compound raid near the border.",
        countries=["KH"],
        crime_types=["trafficking"],
        year=2024,
        tags=["secret-tag"],
        tag_labels=["Secret tag"],
        audience=["group:7"],
        day=20,
    ),
    doc(
        7,
        "ການຄ້າມະນຸດຢູ່ຊາຍແດນ",
        language="lo",
        text="ຄະດີການຄ້າມະນຸດ ແລະ ການລັກລອບຂົນຄົນ",
        countries=["LA"],
        crime_types=["trafficking"],
        year=2022,
        day=12,
    ),
]


def ids(results):
    """Return the document ids of the hits, in order."""
    return [hit.id for hit in results.hits]


def facet(results, name):
    """Return a facet's counts as a dict."""
    return dict(results.facets.get(name, []))


class EngineConformance:
    """Behaviour every engine must show. Subclasses provide an ``engine`` fixture returning an empty engine."""

    @pytest.fixture
    def engine(self):
        raise NotImplementedError("provide an engine fixture")

    @pytest.fixture
    def loaded(self, engine):
        engine.index(CORPUS)
        return engine

    def search(self, engine, text="", audience=PUBLIC, **kwargs):
        return engine.search(SearchQuery(text=text, audience=audience, **kwargs))

    # Languages

    def test_finds_thai_word_inside_a_longer_unspaced_phrase(self, loaded):
        assert "page:1" in ids(self.search(loaded, "ค้ามนุษย์"))

    def test_finds_thai_substring_shorter_than_a_word(self, loaded):
        assert ids(self.search(loaded, "สงขลา")) == ["page:1"]

    def test_finds_lao_text(self, loaded):
        assert ids(self.search(loaded, "ຄ້າມະນຸດ")) == ["page:7"]

    def test_finds_vietnamese_typed_without_diacritics(self, loaded):
        found = ids(self.search(loaded, "buon ban nguoi"))
        assert "page:2" in found and "page:3" in found

    def test_ranks_exact_diacritics_above_folded_matches(self, loaded):
        found = ids(self.search(loaded, "buôn bán người"))
        assert found.index("page:2") < found.index("page:3")

    def test_english_plural_matches_singular(self, loaded):
        assert "page:4" in ids(self.search(loaded, "victims"))
        assert "page:4" in ids(self.search(loaded, "victim"))

    # Word forms

    WORD_FORMS = [
        doc(31, "ຄະດີທີໜຶ່ງ", language="lo", text="ນາງຖືກບັງຄັບໃຫ້ແຕ່ງງານກັບຜູ້ຊາຍຄົນໜຶ່ງ", day=21),
        doc(32, "ຄະດີທີສອງ", language="lo", text="ການແຕ່ງງານແບບບັງຄັບຂອງຜູ້ຍິງຄົນໜຶ່ງ", day=22),
        doc(33, "ຄະດີທີສາມ", language="lo", text="ຂະບວນການຫຼອກລວງຄົນງານ", day=23),
        doc(34, "คดีที่หนึ่ง", language="th", text="หญิงถูกบังคับให้แต่งงานกับชายคนหนึ่ง", day=24),
        doc(35, "ករណីទីមួយ", language="km", text="ស្ត្រីត្រូវបានបង្ខំឱ្យរៀបការ ហើយក្រីក្រ", day=25),
    ]

    def test_lao_nominalised_query_finds_the_bare_form_exact_form_first(self, loaded):
        loaded.index(self.WORD_FORMS)
        found = ids(self.search(loaded, "ການແຕ່ງງານ"))
        assert found[:2] == ["page:32", "page:31"]
        assert ids(self.search(loaded, "ແຕ່ງງານ"))[:2] in (["page:31", "page:32"], ["page:32", "page:31"])
        assert "page:33" in ids(self.search(loaded, "ການຫຼອກລວງ"))
        assert "page:33" in ids(self.search(loaded, "ຄວາມຫຼອກລວງ"))

    def test_thai_and_khmer_nominalised_queries_find_the_bare_form(self, loaded):
        loaded.index(self.WORD_FORMS)
        assert ids(self.search(loaded, "การแต่งงาน"))[:1] == ["page:34"]
        assert ids(self.search(loaded, "ความแต่งงาน"))[:1] == ["page:34"]
        assert ids(self.search(loaded, "ភាពក្រីក្រ"))[:1] == ["page:35"]
        assert ids(self.search(loaded, "សេចក្តីរៀបការ"))[:1] == ["page:35"]
        assert ids(self.search(loaded, "ការរៀបការ"))[:1] == ["page:35"]

    def test_english_word_forms_share_a_stem_exact_form_first(self, loaded):
        assert "page:4" in ids(self.search(loaded, "traffickers"))
        loaded.index([doc(36, "Traffickers at the pier", kind="resource", text="Notes.", day=26)])
        found = ids(self.search(loaded, "traffickers"))
        assert found[0] == "page:36" and "page:4" in found

    # Taxonomy names (labels): found in every language, below a page's own text

    FORCED_MARRIAGE_KM = "ការជួញដូរមនុស្សដើម្បីរៀបការដោយបង្ខំ"
    FORCED_LABOUR_KM = "ការជួញដូរមនុស្សដើម្បីការងារដោយបង្ខំ"
    CODED = [
        doc(
            41,
            "Bride sold across the northern border",
            text="A broker promised a job, then sold the young woman into a marriage.",
            crime_types=["forced-marriage"],
            labels=["Trafficking for forced marriage", FORCED_MARRIAGE_KM, "ການຄ້າມະນຸດເພື່ອບັງຄັບແຕ່ງງານ"],
            day=14,
        ),
        doc(
            42,
            "ការរៀបការដោយបង្ខំនៅបរទេស",
            language="km",
            text="ស្ត្រីវ័យក្មេងត្រូវគេនាំទៅ ហើយការជួញដូរមនុស្សដើម្បីរៀបការដោយបង្ខំបានកើតឡើង។",
            crime_types=["forced-marriage"],
            labels=["Trafficking for forced marriage", FORCED_MARRIAGE_KM],
            day=15,
        ),
        doc(
            43,
            "Fishing crew held at sea",
            text="Crew members worked without pay on a vessel far from shore.",
            crime_types=["forced-labour"],
            labels=["Trafficking for forced labour", FORCED_LABOUR_KM],
            day=16,
        ),
        doc(
            44,
            "Law on suppression, annotated",
            kind="resource",
            text="Articles of the Law on Suppression of Human Trafficking, with commentary.",
            day=17,
        ),
        doc(
            45,
            "Interviews under the law",
            kind="method",
            text="Legal basis: Law on Suppression of Human Trafficking and Sexual Exploitation.",
            labels=["Cambodia", "កម្ពុជា"],
            day=18,
        ),
        doc(
            46,
            "Secret forced-marriage file",
            text="Restricted notes.",
            labels=[FORCED_MARRIAGE_KM, "Zanzibarland"],
            audience=["group:7"],
            day=19,
        ),
    ]

    def test_khmer_crime_type_name_finds_the_english_case_coded_with_it_below_own_text(self, loaded):
        loaded.index(self.CODED)
        found = ids(self.search(loaded, self.FORCED_MARRIAGE_KM))
        assert found[:2] == ["page:42", "page:41"]
        assert "page:43" not in found or found.index("page:43") > found.index("page:41")

    def test_lao_crime_type_name_finds_the_english_case_coded_with_it(self, loaded):
        loaded.index(self.CODED)
        found = ids(self.search(loaded, "ການຄ້າມະນຸດເພື່ອບັງຄັບແຕ່ງງານ"))
        assert "page:41" in found and "page:43" not in found  # 43 has no Lao names

    def test_english_label_words_find_coded_pages_below_pages_that_say_them(self, loaded):
        loaded.index(self.CODED)
        found = ids(self.search(loaded, "forced marriage"))
        assert set(found) >= {"page:41", "page:42"}
        loaded.index([doc(47, "Forced marriage: a guide", kind="resource", text="A forced marriage is…", day=27)])
        assert ids(self.search(loaded, "forced marriage"))[0] == "page:47"

    def test_law_title_in_the_legal_basis_is_found(self, loaded):
        loaded.index(self.CODED)
        assert set(ids(self.search(loaded, "Suppression"))) == {"page:44", "page:45"}

    def test_country_name_in_another_language_finds_the_coded_page(self, loaded):
        loaded.index(self.CODED)
        assert ids(self.search(loaded, "កម្ពុជា")) == ["page:45"]

    def test_labels_of_a_restricted_document_are_not_found_without_its_token(self, loaded):
        loaded.index(self.CODED)
        assert self.search(loaded, "Zanzibarland").total == 0
        assert "page:46" not in ids(self.search(loaded, self.FORCED_MARRIAGE_KM, page_size=50))
        assert ids(self.search(loaded, "Zanzibarland", audience=GROUP)) == ["page:46"]

    # Spelling

    def test_misspelt_query_is_answered_with_the_corrected_results(self, loaded):
        results = loaded.corrected(SearchQuery(text="traficking", audience=PUBLIC), 0)
        assert results.corrected_from == "traficking" and results.corrected_query == "trafficking"
        assert "page:4" in ids(results) and results.total == self.search(loaded, "trafficking").total
        assert loaded.corrected(SearchQuery(text="trafficking", audience=PUBLIC), 0) is None

    def test_correction_never_uses_a_word_only_restricted_documents_contain(self, loaded):
        assert loaded.corrected(SearchQuery(text="zanzibarit", audience=PUBLIC), 0) is None
        results = loaded.corrected(SearchQuery(text="zanzibarit", audience=GROUP), 0)
        assert ids(results) == ["page:6"]

    def test_query_of_only_punctuation_finds_nothing_without_error(self, loaded):
        assert self.search(loaded, "?!…").total == 0

    # Facets and filters

    def test_empty_text_browses_every_visible_document_newest_first(self, loaded):
        results = self.search(loaded)
        assert ids(results) == ["page:7", "page:5", "page:4", "page:3", "page:2", "page:1"]
        assert results.total == 6

    def test_counts_each_facet_value(self, loaded):
        results = self.search(loaded)
        assert facet(results, "type") == {"case-study": 3, "method": 1, "resource": 2}
        assert facet(results, "country") == {"TH": 2, "KH": 1, "VN": 2, "LA": 3}
        assert facet(results, "crime") == {"trafficking": 5, "smuggling": 1}
        assert facet(results, "year") == {"2021": 1, "2022": 2, "2023": 3}
        assert facet(results, "language") == {"th": 1, "vi": 2, "en": 2, "lo": 1}
        assert facet(results, "tag") == {"fishing": 1, "interview": 1, "river": 1}

    def test_years_are_listed_newest_first(self, loaded):
        assert [value for value, _ in self.search(loaded).facets["year"]] == ["2023", "2022", "2021"]

    def test_values_of_one_facet_are_or_ed(self, loaded):
        results = self.search(loaded, filters={"country": ["TH", "VN"]})
        assert sorted(ids(results)) == ["page:1", "page:2", "page:3", "page:4"]

    def test_facets_are_and_ed(self, loaded):
        results = self.search(loaded, filters={"country": ["LA", "TH"], "crime": ["smuggling"]})
        assert ids(results) == ["page:5"]

    def test_facet_counts_ignore_their_own_filter_but_apply_the_others(self, loaded):
        results = self.search(loaded, filters={"country": ["LA"], "type": ["resource"]})
        assert sorted(ids(results)) == ["page:3", "page:5"]
        # Country counted under type=resource only: what choosing another country would give.
        assert facet(results, "country") == {"VN": 1, "LA": 2}
        # Type counted under country=LA only.
        assert facet(results, "type") == {"resource": 2, "case-study": 1}
        # Other facets counted under both filters.
        assert facet(results, "year") == {"2023": 2}

    def test_filters_combine_with_text(self, loaded):
        results = self.search(loaded, "trafficking", filters={"type": ["method"]})
        assert ids(results) == ["page:4"]
        assert facet(results, "type")["method"] == 1

    def test_year_and_language_and_tag_filters(self, loaded):
        assert ids(self.search(loaded, filters={"year": ["2021"]})) == ["page:4"]
        assert sorted(ids(self.search(loaded, filters={"language": ["vi"]}))) == ["page:2", "page:3"]
        assert ids(self.search(loaded, filters={"tag": ["river"]})) == ["page:5"]

    # Order and pages

    def test_sorts_by_newest(self, loaded):
        results = self.search(loaded, "trafficking smuggling buon", sort="newest")
        dates = [hit.date for hit in results.hits]
        assert dates == sorted(dates, reverse=True) and len(dates) >= 3

    def test_ranks_title_matches_first(self, loaded):
        assert ids(self.search(loaded, "smuggling"))[0] == "page:5"

    def test_paginates(self, loaded):
        first = self.search(loaded, page=1, page_size=4)
        second = self.search(loaded, page=2, page_size=4)
        assert first.total == second.total == 6
        assert first.pages == second.pages == 2
        assert len(first.hits) == 4 and len(second.hits) == 2
        assert not set(ids(first)) & set(ids(second))
        assert second.page == 2

    def test_page_past_the_end_is_empty(self, loaded):
        results = self.search(loaded, page=5, page_size=4)
        assert results.hits == [] and results.total == 6

    # Snippets

    def test_snippet_marks_matches_and_escapes_html(self, loaded):
        hit = self.search(loaded, "patience").hits[0]
        assert "<mark>patience</mark>" in hit.snippet
        assert "&lt;b&gt;care&lt;/b&gt; &amp;" in hit.snippet
        assert "<b>" not in hit.snippet

    def test_snippet_marks_vietnamese_matched_without_diacritics(self, loaded):
        hit = next(h for h in self.search(loaded, "buon ban").hits if h.id == "page:2")
        assert "<mark>buôn" in hit.snippet and "bán</mark>" in hit.snippet

    def test_hit_carries_display_fields(self, loaded):
        hit = self.search(loaded, "Mekong").hits[0]
        assert (hit.id, hit.kind, hit.title, hit.url, hit.language) == (
            "page:5",
            "resource",
            "Smuggling of migrants at river crossings",
            "/library/p5/",
            "en",
        )
        assert (hit.countries, hit.crime_types, hit.year, hit.tags) == (["LA"], ["smuggling"], 2023, ["river"])

    # Permissions

    def test_restricted_document_is_not_found_without_its_token(self, loaded):
        assert self.search(loaded, "zanzibarite").total == 0
        assert "page:6" not in ids(self.search(loaded, "compound raid"))
        assert "page:6" not in ids(self.search(loaded, page_size=50))

    def test_restricted_document_is_found_with_its_token(self, loaded):
        assert ids(self.search(loaded, "zanzibarite", audience=GROUP)) == ["page:6"]

    def test_restricted_document_is_absent_from_facet_counts(self, loaded):
        results = self.search(loaded, "compound")
        assert "secret-tag" not in facet(self.search(loaded), "tag")
        assert "2024" not in facet(self.search(loaded), "year")
        assert results.total == 0 and all(not values for values in results.facets.values())
        assert facet(self.search(loaded, audience=GROUP), "tag")["secret-tag"] == 1

    def test_restricted_text_is_absent_from_snippets(self, loaded):
        for hit in self.search(loaded, "trafficking raid", page_size=50).hits:
            assert "compound raid" not in hit.snippet

    def test_restricted_words_are_never_suggested(self, loaded):
        suggestion = loaded.suggest("zanzibarit", PUBLIC)
        assert not suggestion or "zanzibarite" not in suggestion
        results = self.search(loaded, "zanzibarit")
        assert not results.suggestion or "zanzibarite" not in results.suggestion

    def test_match_counts_agree_with_totals_and_leave_out_restricted_documents(self, loaded):
        assert loaded.count_matches("smuggling", PUBLIC) == self.search(loaded, "smuggling").total > 0
        assert loaded.count_matches("zanzibarite", PUBLIC) == 0
        assert loaded.count_matches("zanzibarite", GROUP) == 1
        assert loaded.count_matches("   ", GROUP) == 0

    def test_no_audience_sees_nothing(self, loaded):
        assert self.search(loaded, audience=frozenset()).total == 0

    # Writing

    def test_reindexing_a_document_replaces_it(self, loaded):
        loaded.index([doc(5, "Smuggling checkpoints revised", kind="resource", countries=["LA"], day=10)])
        results = self.search(loaded, "smuggling")
        assert ids(results) == ["page:5"]
        assert results.hits[0].title == "Smuggling checkpoints revised"
        assert loaded.count() == len(CORPUS)

    def test_deleting_removes_from_hits_and_counts(self, loaded):
        loaded.delete(["page:5", "page:unknown"])
        assert self.search(loaded, "smuggling").total == 0
        assert "smuggling" not in facet(self.search(loaded), "crime")
        assert loaded.count() == len(CORPUS) - 1

    def test_clear_and_rebuild(self, loaded):
        loaded.clear()
        assert loaded.count() == 0
        assert loaded.rebuild(iter(CORPUS[:3]), batch_size=2) == 3
        assert sorted(ids(self.search(loaded))) == ["page:1", "page:2", "page:3"]

    def test_answers_ping(self, engine):
        assert engine.ping() is True


class FollowedSearchConformance:
    """Followed-search matching (search.follows.checks): the newest-first query of a followed search, as its member,
    finds the documents dated after the follow's high-water mark that the member may see, and only those."""

    def followed(self, engine, text, filters, audience, since):
        results = engine.search(newest_query(text, filters, audience, limit=50))
        return new_since(results, since)

    def test_followed_search_finds_new_matching_documents_the_member_may_see(self, loaded):
        since = datetime(2024, 1, 9, tzinfo=UTC)
        assert self.followed(loaded, "", {"country": ["LA"]}, PUBLIC, since) == ["page:7", "page:5"]
        assert self.followed(loaded, "trafficking compound", {"country": ["KH"]}, PUBLIC, since) == []
        assert self.followed(loaded, "trafficking compound", {"country": ["KH"]}, GROUP, since) == ["page:6"]

    def test_followed_search_sees_a_document_published_after_the_last_check(self, loaded):
        since = datetime(2024, 1, 21, tzinfo=UTC)
        assert self.followed(loaded, "scam compound", {"country": ["KH"]}, PUBLIC, since) == []
        loaded.index(
            [
                doc(8, "Scam compound rescue", text="A scam compound in Cambodia.", countries=["KH"], day=25),
                doc(9, "Scam compound, officers only", countries=["KH"], audience=["group:7"], day=26),
                doc(10, "Scam compound in Myanmar", countries=["MM"], day=27),
            ]
        )
        assert self.followed(loaded, "scam compound", {"country": ["KH"]}, PUBLIC, since) == ["page:8"]
        assert self.followed(loaded, "scam compound", {"country": ["KH"]}, GROUP, since) == ["page:9", "page:8"]

    def test_followed_search_honours_the_listing_filters_engines_do_not_count(self, loaded):
        """A follow of the library listing keeps its reader filters (a country's role, channel, province, method):
        every engine filters on them, AND-ed with the counted facets and the text, and never counts them."""
        since = datetime(2024, 1, 21, tzinfo=UTC)
        loaded.index(
            [
                doc(
                    11,
                    "Recruited on social media",
                    countries=["KH"],
                    year=2023,
                    day=28,
                    extra_facets={
                        "channel": ["social-media"],
                        "destination": ["KH"],
                        "province": ["koh-kong"],
                        "method": ["4"],
                    },
                ),
                doc(
                    12,
                    "Recruited by a broker",
                    countries=["KH"],
                    year=2023,
                    day=29,
                    extra_facets={"channel": ["broker"], "destination": ["KH"]},
                ),
                doc(
                    13,
                    "Recruited on social media in 2019",
                    countries=["KH"],
                    year=2019,
                    day=30,
                    extra_facets={"channel": ["social-media"], "origin": ["KH"]},
                ),
            ]
        )
        recent = {"country": ["KH"], "channel": ["social-media"], "year": ["2022", "2023", "2024"]}
        assert self.followed(loaded, "recruited", recent, PUBLIC, since) == ["page:11"]
        either = {"channel": ["social-media", "broker"], "destination": ["KH"]}
        assert self.followed(loaded, "", either, PUBLIC, since) == ["page:12", "page:11"]
        assert self.followed(loaded, "", {"province": ["koh-kong"], "method": ["4"]}, PUBLIC, since) == ["page:11"]
        assert self.followed(loaded, "", {"origin": ["KH"]}, PUBLIC, since) == ["page:13"]
        assert self.followed(loaded, "", {"method": ["none"]}, PUBLIC, since) == []
        results = loaded.search(newest_query("media", {"channel": ["social-media"]}, PUBLIC))
        assert [hit.id for hit in results.hits] == ["page:13", "page:11"]
        assert (
            results.total == 2
            and "channel" not in results.facets
            and dict(results.facets["year"])
            == {
                "2019": 1,
                "2023": 1,
            }
        )
