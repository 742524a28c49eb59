"""The detector reads words in Thai, Lao, Khmer and Burmese: cues at word boundaries, names that end before verbs."""

import pytest
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from accounts.roles import EDITOR
from safety.detector import detect, redact
from safety.models import AnonymityCheck
from tests.factories.accounts import create_user
from tests.factories.library import create_case_study
from tests.library.test_pages import case_study_form_data
from textproc.dictionary import dictionary_words, is_dictionary_word
from textproc.pipeline import word_spans

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

# Sentences from UD Thai-PUD (news and Wikipedia, CC BY-SA 3.0) that the previous detector got wrong.
THAI_NOBLES = "ในปี 1566 คณะขุนนางประมาณ 400 คน ถวายคำร้องต่อข้าหลวงมาร์กาเร็ตแห่งปาร์มาให้ยับยั้งการลงทัณฑ์จนกว่าคนที่เหลือจะกลับมา"
THAI_JUNE = "การสืบสวนจะเริ่มในเดือนมิถุนายน โดยเน้นไปที่คุณวินเทอร์คอร์น และเฮอร์เบิร์ต ดีสส์"
THAI_ERA = "ก่อนยุคจักรพรรดิเมจิ ชื่อยุคสมัยเปลี่ยนบ่อยมาก และพระนามหลังจากสวรรคตของจักรพรรดิก็เลือกมาจากรูปแบบที่แตกต่างกัน"
THAI_CHILD = "พวกเขาได้รับอิทธิพลจากความงามของบริเวณทะเลสาบมากเสียจนเมื่อลูกคนแรกคลอด พวกเขาก็ตั้งชื่อลูกตาม"


def people(text):
    """Return the texts of the person findings in text."""
    return [finding.text for finding in detect(text) if finding.kind == "person"]


def test_user_check_thai_paragraph_about_nobles_in_june_has_no_finding():
    paragraph = f"ในเดือนมิถุนายน คณะขุนนางประมาณ 400 คน เดินทางไปยังเมือง {THAI_NOBLES}"
    assert detect(paragraph) == []


def test_user_check_miss_puk_is_exactly_one_finding():
    findings = detect("นางสาวพุกกำลังรักษาตัว")
    assert [(f.kind, f.text) for f in findings] == [("person", "พุก")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (THAI_NOBLES, []),  # ประมาณ "about" after ขุนนาง, which contains นาง
        (THAI_JUNE, ["วินเทอร์คอร์น"]),  # not "นโดยเน้นไป" inside มิถุนายน, which contains นาย
        (THAI_ERA, []),  # ยุค "era" after ชื่อ "name"
        ("ถือเป็นธรรมเนียมที่ต้องใช้ชื่อยุคสมัยหนึ่งชื่อต่อจักรพรรดิหนึ่งพระองค์", []),
        (THAI_CHILD, []),  # ลูก "child" after ชื่อ
        ("“จริง ๆ แล้วไม่ได้มีการปรึกษาอะไรกันเลย” นางกิลลาร์ดพูด", ["กิลลาร์ด"]),  # not "กิลลาร์ดพูด"
        ("ดร. ลี เสริมว่า “อโกราต้องได้รับเชิญเท่านั้น”", ["ลี"]),  # not "ลี เสริม"
        ("นายลีเสริมว่าการประชุมจะเลื่อนออกไป", ["ลี"]),  # "Lee added", glued
        ("นางฮ็อปลีย์เสริมว่า “การพุ่งทะยานขึ้นของความเสี่ยง”", ["ฮ็อปลีย์"]),
        ("ความสัมพันธ์ของนางคลินตันกับภาคพื้นทวีปในช่วงยี่สิบปี", ["คลินตัน"]),  # not to the end of the sentence
        ("ไรท์มีน้องชายคนหนึ่งชื่อออสการ์ซึ่งเป็นศิลปินการ์ตูน", ["ออสการ์"]),
        ("ขอบคุณมากค่ะ", []),
        ("คือผมไม่ได้ชอบกดดันพวกคุณหรอกนะ", []),
        ("‘นี่ พวกนายเห็นนี่ไหม’ พาลล์กล่าว", []),
        ("ซึ่งไม่พบเห็นทหารอียิปต์นายใดเลยนับแต่รัชสมัยของพระเจ้า", []),
    ],
)
def test_thai_cues_count_only_at_word_boundaries_and_names_end_before_verbs(text, names):
    assert people(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ພວກເຂົາເວົ້າຕໍ່ນາງວ່າ ບໍ່ຕ້ອງຢ້ານ", []),  # "they said to her"
        ("ທ່ານ ເວົ້າຕໍ່ນາງວ່າ ພວກເຂົາ ຈະມາຮອດມື້ອື່ນ", []),  # ທ່ານ "he", then "said to her", "they"
        ("ນາງ ພວກເຂົາ ແລະ ລູກໆ ໄດ້ໄປຕະຫຼາດ", []),
        ("ນ້ຳຂອງໄຫຼຜ່ານຈາກເໜືອສູ່ໃຕ້ ທີ່ເຢັນໃສສົດຊື່ນ", []),  # ຊື່ inside ຊື່ນ "fresh"
        ("ທຸກຄົນມີຄວາມຊື່ນຊົມຍິນດີ ກັບໄຊຊະນະ", []),  # ຊື່ inside ຊື່ນຊົມ "joyful"
        ("ທ່ານ ທອງລຸນ ສີສຸລິດ ກ່າວວ່າ ລັດຖະບານຈະສືບຕໍ່", ["ທອງລຸນ ສີສຸລິດ"]),
        ("ຜູ້ເຄາະຮ້າຍຊື່ ແສງເດືອນ ອາຍຸ 15 ປີ ຖືກຂາຍໄປຈີນ.", ["ແສງເດືອນ"]),
    ],
)
def test_lao_cues_count_only_at_word_boundaries(text, names):
    assert people(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("លោកហេងវណ្ណាបាននិយាយថា គាត់នឹងមកវិញ", ["ហេងវណ្ណា"]),  # glued title and name, ends before បាន
        ("ខ្ញុំឈ្មោះឃឹម", ["ឃឹម"]),  # a dictionary word is a Khmer name after the cue
        ("ឈ្មោះរបស់គាត់មិនត្រូវបានបង្ហាញទេ", []),  # "his name" is not a name
        ("ពិភពលោកបានប្រែប្រួលយ៉ាងខ្លាំង", []),  # លោក inside ពិភពលោក "world"
        ("ម្តាយរបស់ជនរងគ្រោះ លោកស្រី ពៅ សុខជា បានដាក់ពាក្យបណ្តឹង។", ["ពៅ សុខជា"]),
    ],
)
def test_khmer_cues_count_only_at_word_boundaries(text, names):
    assert people(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ဦးအောင်ဆန်းက ပြောသည်", ["အောင်ဆန်း"]),  # ends before the subject particle
        ("ဒေါ်ခင်မြင့်သည် ရန်ကုန်တွင် နေထိုင်သည်", ["ခင်မြင့်"]),  # particle glued by ICU into the last segment
        ("ဦးစီးဌာနမှ ကြေညာချက် ထုတ်ပြန်သည်", []),  # ဦး inside ဦးစီး "to lead"
        ("အမည်မှာ ဦးဘ ဖြစ်သည်", ["ဘ"]),
    ],
)
def test_burmese_titles_count_only_at_word_boundaries(text, names):
    assert people(text) == names


def test_a_title_split_by_zero_width_spaces_is_still_one_title():
    text = "ตามรายงาน นาง\u200bสาว\u200bพุก\u200b กำลังรักษาตัว และ นางสาวพุกบอกว่า"
    findings = [f for f in detect(text) if f.kind == "person"]
    assert [f.text for f in findings] == ["พุก", "พุก"]
    assert len({f.placeholder for f in findings}) == 1


def test_a_found_name_is_not_repeated_inside_a_longer_word():
    text = "ທ້າວ ສີດາ ອາຍຸ 20 ປີ. ສີດາ ບອກວ່າ ລາວໄດ້ໄປ ແລະ ສີດາວັນ ແມ່ນເພື່ອນ."
    names = people(text)
    assert names == ["ສີດາ", "ສີດາ"]
    assert "ສີດາວັນ" in redact(text, detect(text))


def test_icu_dictionary_is_read_for_each_script():
    assert {lang: len(dictionary_words(lang)) > 10000 for lang in ("th", "lo", "km", "my")} == dict.fromkeys(
        ("th", "lo", "km", "my"), True
    )
    assert is_dictionary_word("ประมาณ", "th") and is_dictionary_word("ພວກເຂົາ", "lo")
    assert not is_dictionary_word("กิลลาร์ด", "th")


def test_word_spans_are_offsets_into_the_text_as_given():
    text = "a😀 นางสาวพุกกำลังรักษาตัว"
    spans = word_spans(text)
    assert "".join(text[start:end] for start, end in spans) == text
    assert [text[start:end] for start, end in spans][-5:] == ["นางสาว", "พุก", "กำลัง", "รักษา", "ตัว"]


class EditorPastesUnspacedScriptTests(TestCase):
    """The issue's user checks, through the page editor: what an editor pastes and what the check then lists."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = create_user(EDITOR)
        cls.page = create_case_study(title="Border case", slug="border-case", publish=False)

    def setUp(self):
        self.client.force_login(self.editor, MODEL_BACKEND)

    def save(self, text, **actions):
        """Post the admin edit form with text pasted into the modus operandi and return the response."""
        data = case_study_form_data(
            slug="border-case", title="Border case", modus_operandi=rich_text(f"<p>{text}</p>"), **actions
        )
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[self.page.pk]), data)

    def test_thai_paragraph_about_nobles_in_june_has_no_finding(self):
        self.save(f"ในเดือนมิถุนายน คณะขุนนางประมาณ 400 คน เดินทางไปยังเมือง {THAI_NOBLES} {THAI_CHILD}")
        check = AnonymityCheck.objects.get(page=self.page)
        self.assertEqual((check.open_count, check.findings), (0, []))
        response = self.client.get(reverse("safety_page_findings", args=[self.page.pk]))
        self.assertContains(response, "No open findings")

    def test_miss_puk_is_one_finding_and_blocks_publishing(self):
        response = self.save("นางสาวพุกกำลังรักษาตัว", **{"action-publish": "publish"})
        findings_url = reverse("safety_page_findings", args=[self.page.pk])
        self.assertRedirects(response, findings_url, fetch_redirect_response=False)
        check = AnonymityCheck.objects.get(page=self.page)
        self.assertEqual([(item["kind"], item["text"]) for item in check.findings], [("person", "พุก")])
        self.assertContains(self.client.get(findings_url), "นางสาว<mark>พุก</mark>กำลัง", html=False)

    def test_lao_joy_and_they_have_no_finding(self):
        self.save("ທຸກຄົນມີຄວາມຊື່ນຊົມຍິນດີ ແລະ ພວກເຂົາເວົ້າຕໍ່ນາງວ່າ ອາກາດສົດຊື່ນ.")
        self.assertEqual(AnonymityCheck.objects.get(page=self.page).open_count, 0)
