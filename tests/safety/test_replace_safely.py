"""Safe redaction actions: "Replace everywhere" previews each occurrence, keeps longer words, confirms ordinary words."""

from django.test import TestCase
from django.urls import reverse

from accounts.roles import EDITOR
from library.models import CaseStudyPage
from safety.models import AnonymityAction
from safety.review.findings import open_findings_for_page
from safety.words import is_ordinary_word, on_word_boundaries
from tests.factories.accounts import create_user
from tests.factories.library import create_case_study

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# "The victim is named Saeng, 19 years old. The sunlight (ແສງແດດ) was hot. Later Saeng called her mother."
LAO = "<p>ຜູ້ເຄາະຮ້າຍຊື່ ແສງ ອາຍຸ 19 ປີ. ແສງແດດຮ້ອນຫຼາຍ. ຕໍ່ມາ ແສງ ໄດ້ໂທຫາແມ່.</p>"


def test_a_match_inside_a_longer_word_is_not_on_word_boundaries():
    text = "ແສງໄປຕະຫຼາດກັບແສງແດດ"
    assert on_word_boundaries(text, 0, 3)
    assert not on_word_boundaries(text, 14, 17)
    assert not on_word_boundaries("Sok met Sokha", 8, 11)
    assert on_word_boundaries("Sok met Sokha", 0, 3)


def test_dictionary_and_common_words_are_ordinary_names_are_not():
    assert is_ordinary_word("ແສງ")  # "light", also a Lao given name
    assert is_ordinary_word("ประมาณ")
    assert not is_ordinary_word("Somchai")
    assert not is_ordinary_word("ສົມສີ")


class ReplaceEverywhereTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = create_user(EDITOR)

    def setUp(self):
        self.page = create_case_study(title="Saeng case", slug="saeng", language="lo", publish=False)
        self.page.modus_operandi = LAO
        self.page.save_revision(user=self.editor)
        self.client.force_login(self.editor, MODEL_BACKEND)
        self.url = reverse("safety_page_findings", args=[self.page.pk])
        self.finding = next(f for f in open_findings_for_page(self.page) if f.text == "ແສງ")

    def latest_text(self):
        return CaseStudyPage.objects.get(pk=self.page.pk).get_latest_revision_as_object().modus_operandi

    def test_replace_everywhere_previews_each_occurrence_and_keeps_the_longer_word(self):
        response = self.client.post(self.url, {"action": "redact", "key": self.finding.key})
        self.assertContains(response, "Replaced with [PERSON 1]", count=2)
        self.assertContains(response, "Kept: part of a longer word", count=1)
        self.assertContains(response, "<mark>ແສງ</mark>ແດດ", html=False)
        self.assertContains(response, "also an ordinary word")
        self.assertIn("ແສງ", self.latest_text())
        self.assertFalse(AnonymityAction.objects.exists())

    def test_an_ordinary_word_is_replaced_only_after_the_editor_confirms_it_names_someone(self):
        data = {"action": "redact", "key": self.finding.key, "confirm": "1"}
        response = self.client.post(self.url, data, follow=True)
        self.assertContains(response, "ordinary word: confirm that it identifies someone")
        self.assertEqual(self.latest_text(), LAO)

        self.client.post(self.url, {**data, "ordinary_confirmed": "1"})
        text = self.latest_text()
        self.assertEqual(text.count("[PERSON 1]"), 2)
        self.assertIn("ແສງແດດຮ້ອນຫຼາຍ", text)

    def test_redact_all_replaces_the_findings_and_never_the_longer_word(self):
        self.client.post(self.url, {"action": "redact_all"})
        text = self.latest_text()
        self.assertNotIn("ຊື່ ແສງ ອາຍຸ", text)
        self.assertIn("[PERSON 1]", text)
        self.assertIn("ແສງແດດຮ້ອນຫຼາຍ", text)
