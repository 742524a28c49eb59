"""Unit tests of the anonymity detector: every kind in every language, look-alikes, offsets, redaction."""

import pytest

from safety.detector import KINDS, Finding, Numbering, detect, normalize, redact, redact_fields, scan_fields

CASES = [
    # person
    ("en", "Yesterday Mrs Chan Sophea reported her niece missing.", "person", "Chan Sophea"),
    ("en", "The driver, Dr. NGUYEN Van Binh, fled.", "person", "NGUYEN Van Binh"),
    ("km", "ជនសង្ស័យឈ្មោះ ហេង សុផល ត្រូវបានឃាត់ខ្លួន។", "person", "ហេង សុផល"),
    ("km", "អ្នកស្រី ចាន់ ធារី បានដាក់ពាក្យបណ្តឹង។", "person", "ចាន់ ធារី"),
    ("th", "ผู้ต้องหาคือนายสมศักดิ์ รักดี อายุ 40 ปี", "person", "สมศักดิ์ รักดี"),
    ("th", "ด.ญ.กมลวรรณ ทองคำ ได้รับการช่วยเหลือ", "person", "กมลวรรณ ทองคำ"),
    ("lo", "ທ້າວ ສີສະຫວາດ ພົມມະສອນ ຖືກຈັບ.", "person", "ສີສະຫວາດ ພົມມະສອນ"),
    ("lo", "ນາງ ຄຳຫຼ້າ ແສງດາລາ ເປັນຜູ້ເຄາະຮ້າຍ.", "person", "ຄຳຫຼ້າ ແສງດາລາ"),
    ("vi", "Chị Nguyễn Thị Hạnh đã trình báo công an.", "person", "Nguyễn Thị Hạnh"),
    ("vi", "ông Phạm Văn Đức là người môi giới.", "person", "Phạm Văn Đức"),
    # phone
    ("en", "Call him on +855 17 222 333 after dark.", "phone", "+855 17 222 333"),
    ("en", "Her Lao number is +856 20 7777 8888.", "phone", "+856 20 7777 8888"),
    ("km", "លេខទូរស័ព្ទ ០១៥ ៦៦៦ ៧៧៧ ជារបស់មេខ្យល់។", "phone", "០១៥ ៦៦៦ ៧៧៧"),
    ("th", "โทรศัพท์หมายเลข 086-555-4321 ของนายหน้า", "phone", "086-555-4321"),
    ("lo", "ເບີໂທ 030 555 6677 ຂອງຜູ້ຕ້ອງຫາ.", "phone", "030 555 6677"),
    ("vi", "Số điện thoại 0983.456.789 của đối tượng.", "phone", "0983.456.789"),
    ("vi", "Gọi số (+84) 24 3825 1234 để xác minh.", "phone", "(+84) 24 3825 1234"),
    # email
    ("en", "Write to recruit.asia@gmail.com for details.", "email", "recruit.asia@gmail.com"),
    ("km", "អ៊ីមែល sopheak.kh@yahoo.com ត្រូវបានប្រើ។", "email", "sopheak.kh@yahoo.com"),
    ("th", "ส่งเอกสารไปที่ job.thai@hotmail.co.th", "email", "job.thai@hotmail.co.th"),
    ("lo", "ອີເມວ khamla.lao@gmail.com ຂອງນາຍໜ້າ.", "email", "khamla.lao@gmail.com"),
    ("vi", "Email của đối tượng là vieclam.tot@gmail.com.", "email", "vieclam.tot@gmail.com"),
    # passport
    ("en", "Passport number N02345678 was forged.", "passport", "N02345678"),
    ("km", "លិខិតឆ្លងដែនលេខ N03456789 ត្រូវបានក្លែងបន្លំ។", "passport", "N03456789"),
    ("th", "หนังสือเดินทางเลขที่ AC9876543 ถูกยึด", "passport", "AC9876543"),
    ("lo", "ໜັງສືຜ່ານແດນເລກທີ P7654321 ຖືກຍຶດ.", "passport", "P7654321"),
    ("vi", "Hộ chiếu số C3456789 của nạn nhân bị giữ.", "passport", "C3456789"),
    # id_number
    ("en", "Thai ID 1100700123456 belonged to the victim.", "id_number", "1100700123456"),
    ("th", "เลขประจำตัวประชาชน 3-1020-00456-78-9 ถูกปลอม", "id_number", "3-1020-00456-78-9"),
    ("km", "អត្តសញ្ញាណប័ណ្ណលេខ ០២០៣៤៥៦៧៨ ត្រូវបានរឹបអូស។", "id_number", "០២០៣៤៥៦៧៨"),
    ("lo", "ບັດປະຈຳຕົວເລກທີ 0987654321 ຂອງນາງ.", "id_number", "0987654321"),
    ("vi", "CCCD số 001190012345 của nạn nhân.", "id_number", "001190012345"),
    ("vi", "Chứng minh nhân dân số 123456789 đã hết hạn.", "id_number", "123456789"),
    # case_number
    ("en", "See case no. 77/2566 for the first hearing.", "case_number", "77/2566"),
    ("en", "Case file: KH-BMC-2024-0012 was closed.", "case_number", "KH-BMC-2024-0012"),
    ("km", "សំណុំរឿងលេខ ១២៣/២០២៤ កំពុងស៊ើបអង្កេត។", "case_number", "១២៣/២០២៤"),
    ("th", "คดีที่ 456/2567 อยู่ในชั้นศาล", "case_number", "456/2567"),
    ("lo", "ຄະດີເລກທີ 99/2023 ຖືກສົ່ງໃຫ້ສານ.", "case_number", "99/2023"),
    ("vi", "Hồ sơ số 88/2024/HS đã khép lại.", "case_number", "88/2024/HS"),
    # birth_date
    ("en", "The girl was born 4 April 2008 in Takeo.", "birth_date", "4 April 2008"),
    ("en", "DOB: 21/07/1995.", "birth_date", "21/07/1995"),
    ("km", "កើតថ្ងៃទី ៩ ខែមករា ឆ្នាំ២០០៧ នៅតាកែវ។", "birth_date", "៩ ខែមករា ឆ្នាំ២០០៧"),
    ("th", "เกิดวันที่ 9 มกราคม 2550 ที่ขอนแก่น", "birth_date", "9 มกราคม 2550"),
    ("lo", "ເກີດວັນທີ 9 ມັງກອນ 2007 ທີ່ປາກເຊ.", "birth_date", "9 ມັງກອນ 2007"),
    ("vi", "Nạn nhân sinh ngày 09/01/2007 tại An Giang.", "birth_date", "09/01/2007"),
    # address
    ("en", "She lived at house no. 17, Street 155 until May.", "address", "house no. 17, Street 155"),
    ("km", "គាត់រស់នៅផ្ទះលេខ ២៣ ផ្លូវ ១០៨ ក្បែរផ្សារ។", "address", "ផ្ទះលេខ ២៣ ផ្លូវ ១០៨"),
    ("th", "พักอยู่บ้านเลขที่ 55/2 หมู่ 8 ตำบลในเมือง", "address", "บ้านเลขที่ 55/2 หมู่ 8"),
    ("lo", "ອາໄສຢູ່ບ້ານເລກທີ 12 ໜ່ວຍ 3 ບ້ານສີສະຫວາດ.", "address", "ບ້ານເລກທີ 12 ໜ່ວຍ 3"),
    ("vi", "Cư trú tại số nhà 25, đường Trần Phú, Hà Đông.", "address", "số nhà 25, đường Trần Phú"),
    # vehicle_plate
    ("en", "A minivan with plate Phnom Penh 2AB-9876 was stopped.", "vehicle_plate", "Phnom Penh 2AB-9876"),
    ("km", "ម៉ូតូពាក់ស្លាកលេខ ភ្នំពេញ 1A-4321 ត្រូវបានរកឃើញ។", "vehicle_plate", "ភ្នំពេញ 1A-4321"),
    ("th", "รถเก๋งทะเบียน ฌก 9876 ขอนแก่น", "vehicle_plate", "ฌก 9876"),
    ("lo", "ລົດທະບຽນ ຂກ 4321 ຈອດຢູ່ໜ້າບ້ານ.", "vehicle_plate", "ຂກ 4321"),
    ("vi", "Xe khách biển số 75B-012.34 chở nạn nhân.", "vehicle_plate", "75B-012.34"),
    # gps
    ("en", "The boat was seen at 10.6093, 103.5296 at dawn.", "gps", "10.6093, 103.5296"),
    ("km", "ទីតាំង 12.5657, 104.9910 ជាផ្ទះសំណាក់។", "gps", "12.5657, 104.9910"),
    ("th", "พิกัด 16°42'30\"N 98°34'15\"E ใกล้ด่าน", "gps", "16°42'30\"N 98°34'15\"E"),
    ("lo", "ພິກັດ 19.8856, 102.1347 ໃກ້ຫຼວງພະບາງ.", "gps", "19.8856, 102.1347"),
    ("vi", "Tọa độ 21.0285, 105.8542 ở trung tâm.", "gps", "21.0285, 105.8542"),
    # bank_account
    ("en", "Pay into ACLEDA account 0001-03-456789-1-5 today.", "bank_account", "0001-03-456789-1-5"),
    ("km", "ផ្ទេរទៅគណនី Wing លេខ 087 654 321 ។", "bank_account", "087 654 321"),
    ("th", "โอนผ่านพร้อมเพย์ 0899876543 ทันที", "bank_account", "0899876543"),
    ("lo", "ໂອນເຂົ້າບັນຊີ BCEL One 0101 2000 9988 776.", "bank_account", "0101 2000 9988 776"),
    ("vi", "Chuyển khoản qua MoMo 0912888777 cho đối tượng.", "bank_account", "0912888777"),
    # social_media
    (
        "en",
        "See m.facebook.com/profile.php?id=100098765432101 for the ads.",
        "social_media",
        "m.facebook.com/profile.php?id=100098765432101",
    ),
    ("en", "Message the recruiter on Telegram @kh_jobs_now.", "social_media", "@kh_jobs_now"),
    ("km", "ទាក់ទងតាម t.me/khmerjobs99 ។", "social_media", "t.me/khmerjobs99"),
    ("th", "แอดไลน์ไอดี job_bkk_2024 เพื่อสมัครงาน", "social_media", "job_bkk_2024"),
    ("lo", "ຕິດຕໍ່ທາງ WhatsApp +856 20 2222 3333 ເທົ່ານັ້ນ.", "social_media", "+856 20 2222 3333"),
    ("vi", "Liên hệ qua Zalo 0909 123 456 để được tư vấn.", "social_media", "0909 123 456"),
    ("vi", "Nhắn tin tới wa.me/84909123456 để đăng ký.", "social_media", "wa.me/84909123456"),
    ("vi", "Facebook: Việc Làm Thái Lan đăng tin.", "social_media", "Việc Làm Thái Lan"),
]

LOOKALIKES = [
    "In 2023 the unit handled 87 cases, 12% more than in 2022.",
    "The recruiter asked for USD 3,000 and a further 15,000 baht.",
    "Article 6 of the 2008 law on trafficking applies.",
    "Victims can call 1300, 1191, 1288, 111, 18001567 or 1362 free of charge.",
    "The meeting was held on 12 March 2024 in Vientiane.",
    "The officer and Mr Chairman welcomed the delegates.",
    "ในปี พ.ศ. 2566 มีผู้เสียหาย 400 ราย ตามมาตรา 6",
    "นายหน้าเรียกเงิน 15,000 บาท จากนายจ้าง",
    "Điều 150 Bộ luật Hình sự năm 2015 quy định mức phạt 5.000.000 đồng.",
    "Đường dây nóng 18001567 và tổng đài 111 hoạt động suốt ngày đêm.",
    "មាត្រា ៨ នៃច្បាប់ឆ្នាំ ២០០៨ និងលេខ ១២៨៨ ។",
    "ມາດຕາ 215 ແລະ ສາຍດ່ວນ 1362 ໃນປີ 2023.",
    "Thành phố Hồ Chí Minh và Hà Nội có 45% số vụ án.",
]


def find(text, kind, **kwargs):
    """Return the findings of one kind in text."""
    return [f for f in detect(text, **kwargs) if f.kind == kind]


@pytest.mark.parametrize(
    ("lang", "text", "kind", "value"), CASES, ids=[f"{c[2]}-{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_kind_in_each_language(lang, text, kind, value):
    found = find(text, kind)
    assert [f.text for f in found] == [value], detect(text)
    start = text.index(value)
    assert (found[0].start, found[0].end) == (start, start + len(value))


def test_every_kind_covered_in_every_language():
    covered = {(lang, kind) for lang, _, kind, _ in CASES}
    for lang in ("en", "km", "th", "lo", "vi"):
        for kind in KINDS:
            if (lang, kind) not in covered:
                assert any(c[2] == kind for c in CASES), (lang, kind)


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_are_left_alone(text):
    assert detect(text) == []


def test_offsets_are_exact_in_the_original_text_with_zero_width_and_decomposed_characters():
    text = "Anh\u200b Nguye\u0302\u0303n Va\u0306n Nam gọi 09\u200c12 345 678 và email\u00a0a.b@c.com"
    findings = detect(text)
    assert {f.kind for f in findings} == {"person", "phone", "email"}
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    phone = next(f for f in findings if f.kind == "phone")
    assert phone.text == "09\u200c12 345 678"


def test_normalize_maps_back_to_original_offsets():
    text = "Tra\u0302\u0300n \u17e0\u17e1\u17e2"
    norm = normalize(text)
    assert norm.text == "Trần 012"
    assert norm.original_span(0, 4) == (0, 6)
    assert norm.original_span(5, 8) == (7, 10)


def test_finding_fields_and_placeholders():
    findings = detect("Mr Sok Dara called 012 345 678 from house no. 4, Street 51.")
    by_kind = {f.kind: f for f in findings}
    assert by_kind["person"].placeholder == "[PERSON 1]"
    assert by_kind["phone"].placeholder == "[PHONE 1]"
    assert by_kind["address"].placeholder == "[LOCATION]"
    assert all(0 < f.confidence <= 1 and f.reason for f in findings)
    assert set(by_kind["person"].to_dict()) == {"kind", "start", "end", "text", "placeholder", "confidence", "reason"}


def test_same_value_same_placeholder_and_distinct_values_numbered():
    text = "Mr Sok Dara met Ms Keo Lina. Later Mr Sok Dara phoned +855 12 345 678, then 012-345-678, then 097 111 2222."
    findings = detect(text)
    persons = {f.text: f.placeholder for f in findings if f.kind == "person"}
    assert persons == {"Sok Dara": "[PERSON 1]", "Keo Lina": "[PERSON 2]"}
    phones = [f.placeholder for f in findings if f.kind == "phone"]
    assert phones == ["[PHONE 1]", "[PHONE 1]", "[PHONE 2]"]


def test_redact_replaces_every_occurrence_of_a_found_value():
    text = "Mr Sok Dara was arrested. Witnesses say Sok Dara drove the van; sok dara denies it."
    findings = detect(text)
    first = [f for f in findings if f.kind == "person"][:1]
    assert redact(text, first) == (
        "Mr [PERSON 1] was arrested. Witnesses say [PERSON 1] drove the van; [PERSON 1] denies it."
    )


def test_redact_numbers_distinct_values_and_keeps_other_text():
    text = "Ms Lina Keo (lina@example.com) and Mr Chan Dara (dara@example.com) wrote to lina@example.com."
    redacted = redact(text, detect(text))
    assert redacted == "Ms [PERSON 1] ([EMAIL 1]) and Mr [PERSON 2] ([EMAIL 2]) wrote to [EMAIL 1]."


def test_redact_rejects_stale_findings():
    with pytest.raises(ValueError, match="does not match"):
        redact("other text", [Finding("person", 0, 5, "Sok D", "[PERSON 1]", 1.0, "x")])


def test_watch_list_names_are_found_everywhere():
    text = "The cook, Bopha, told us that bopha's cousin Rith Vanna had left. ส้มโอ ทำงานที่ร้าน"
    findings = detect(text, watch_names=["Bopha", "Rith Vanna", "ส้มโอ"])
    assert [f.text for f in findings if f.kind == "person"] == ["Bopha", "bopha", "Rith Vanna", "ส้มโอ"]
    assert {f.placeholder for f in findings if f.text.lower() == "bopha"} == {"[PERSON 1]"}
    assert all(f.reason for f in findings)


def test_watch_list_does_not_match_inside_words():
    assert detect("Sokhom went home.", watch_names=["Sok"]) == []


def test_scan_fields_shares_numbering_across_fields():
    fields = {"title": "Case of Ms Keo Lina", "summary": "", "body": "Ms Keo Lina and Mr Sok Dara called 012 345 678."}
    found = scan_fields(fields)
    assert set(found) == {"title", "summary", "body"}
    assert [f.placeholder for f in found["title"]] == ["[PERSON 1]"]
    assert [f.placeholder for f in found["body"]] == ["[PERSON 1]", "[PERSON 2]", "[PHONE 1]"]
    redacted = redact_fields(fields)
    assert redacted["title"] == "Case of Ms [PERSON 1]"
    assert redacted["body"] == "Ms [PERSON 1] and Mr [PERSON 2] called [PHONE 1]."


def test_numbering_is_independent_per_kind():
    numbering = Numbering()
    assert numbering.placeholder("person", "A B") == "[PERSON 1]"
    assert numbering.placeholder("phone", "012 345 678") == "[PHONE 1]"
    assert numbering.placeholder("phone", "+855 12 345 678") == "[PHONE 1]"
    assert numbering.placeholder("person", "a  b") == "[PERSON 1]"
    assert numbering.placeholder("gps", "1.0000, 2.0000") == "[LOCATION]"


def test_empty_and_non_string_input():
    assert detect("") == []
    with pytest.raises(TypeError):
        detect(None)


VARIANTS = [
    ("His number was 855 12 345 678.", "phone", "855 12 345 678"),
    ("Mobile +855 (0) 12 345 678", "phone", "+855 (0) 12 345 678"),
    ("Call 0066 81 234 5678 from abroad.", "phone", "0066 81 234 5678"),
    ("Or +66-81-234-5678 today.", "phone", "+66-81-234-5678"),
    ("ĐT: 024.3825.1234", "phone", "024.3825.1234"),
    ("passport P-1234567 (Lao)", "passport", "P-1234567"),
    ("ID No. 1 1005 01234 56 7", "id_number", "1 1005 01234 56 7"),
    ("CCCD 079-123-456-789", "id_number", "079-123-456-789"),
    ("case reference KH/PP/2024/77", "case_number", "KH/PP/2024/77"),
    ("DOB 1998-03-12", "birth_date", "1998-03-12"),
    ("born in March 1998", "birth_date", "March 1998"),
    ("b. 12.03.1998", "birth_date", "12.03.1998"),
    ("ເກີດເດືອນມີນາ 1999", "birth_date", "ເດືອນມີນາ 1999"),
    ("sinh tháng 3/1998", "birth_date", "tháng 3/1998"),
    ("Address: 45 Street 271, Phnom Penh", "address", "Address: 45 Street 271"),
    ("48/2 Moo 7, Nong Khai", "address", "48/2 Moo 7"),
    ("Địa chỉ: 78 Nguyễn Trãi, quận 5", "address", "Địa chỉ: 78 Nguyễn Trãi"),
    ("ที่อยู่ 99/1 หมู่ 3 ตำบลแม่สาย", "address", "ที่อยู่ 99/1 หมู่ 3"),
    ("biển số xe 29X1-123.45", "vehicle_plate", "29X1-123.45"),
    ("coordinates: N13.7563 E100.5018", "gps", "N13.7563 E100.5018"),
    ("Account name: SOK DARA, account number 001 234 567", "bank_account", "001 234 567"),
    ("https://www.facebook.com/somchai.recruit/", "social_media", "https://www.facebook.com/somchai.recruit/"),
    ("Line: somchai99", "social_media", "somchai99"),
    ("TikTok @jobs.kh", "social_media", "@jobs.kh"),
    ("The suspect, Sok Dara, fled.", "person", "Sok Dara"),
    ("นายแพทย์สมชาย ใจดี ตรวจร่างกาย", "person", "สมชาย ใจดี"),
    ("The recruiter was Mr Lao Bunthan of Stung Treng.", "person", "Lao Bunthan"),
    ("Nạn nhân tên Mai (16 tuổi) được giải cứu.", "person", "Mai"),
    ("ติดต่อคุณต้อม ได้ที่สำนักงาน", "person", "ต้อม"),
    ("His LINE was bank.bkk until May.", "social_media", "bank.bkk"),
    ("ชื่อเล่น ต้น อายุ 16 ปี", "person", "ต้น"),
    ("Lieutenant Colonel Somchai Jaidee led the raid.", "person", "Somchai Jaidee"),
    ("Pol. Lt. Col. Wichai Srisuk signed the report.", "person", "Wichai Srisuk"),
    ("During the interview, Sreyleak said her aunt sold her.", "person", "Sreyleak"),
    ("สมศักดิ์ รักชาติ ผู้จัดหางาน ถูกจับกุม", "person", "สมศักดิ์ รักชาติ"),
    ("ហេង សុភ័ក្រ ជាមេខ្យល់។", "person", "ហេង សុភ័ក្រ"),
    ('เพจเฟซบุ๊ก "งานดีรายได้สูง" ประกาศรับสมัคร', "social_media", "งานดีรายได้สูง"),
    ('Tài khoản Facebook "Tuyển Dụng Đài Loan" đăng tin.', "social_media", "Tuyển Dụng Đài Loan"),
]

MORE_LOOKALIKES = [
    "ISBN 9789211330151 is the report number.",
    "Bà Rịa - Vũng Tàu là tỉnh ven biển.",
    "People born in the 1990s use smartphones.",
    "ในปี พศ 2566 มีคดี 300 คดี",
    "The victim Support Unit helps suspect Thai nationals.",
    "มีชื่อเสียงในวงการ และได้รับรายชื่อผู้เสียหาย 20 ราย",
    "ເພື່ອເຊື່ອມໂຍງກັບຜູ້ຈັດຕັ້ງ",
    "quá cảnh Thái Lan sang Malaysia",
    "เกิดเหตุเมื่อวันที่ 12 มีนาคม 2566",
    "ករណីនេះកើតឡើងនៅថ្ងៃទី ១២ ខែមីនា ឆ្នាំ២០២៣",
    "Victims numbered 855 in 2022 and 66 in 2023; 2 345 678 baht was seized.",
    "เจ้าหน้าที่ตำรวจ 25 นาย ร่วมปฏิบัติการ",
    "ກະລຸນາແບ່ງປັນຮູບແບບການໂຄສະນາ (ບໍ່ມີຊື່ບຸກຄົນ) ເພື່ອໃຫ້ດ່ານອື່ນໆຮູ້ນຳ.",
    "ພວກເຮົາມີລາຍຊື່ລ່າມທີ່ຜ່ານການຝຶກອົບຮົມ.",
    "Nạn nhân được đưa về Châu Đốc rồi sang Phnom Penh.",
    "หากคุณต้องการความช่วยเหลือ โทร 1300",
    "คุณควรถามผู้เสียหายอย่างใจเย็น และคุณภาพชีวิตของแรงงานข้ามชาติ",
    "เจ้าหน้าที่ถามว่า คุณมาจากไหน คุณได้รับค่าจ้างหรือไม่",
    "tên tuổi của nạn nhân được giữ kín",
    "ถามผู้เสียหายว่า ชื่ออะไร มาจากไหน ให้จดชื่อ นามสกุล",
    "ຖາມຜູ້ເຄາະຮ້າຍວ່າ ຊື່ຫຍັງ ມາຈາກໃສ",
    "សួរជនរងគ្រោះថា ឈ្មោះអ្វី មកពីណា",
    "Ask: What is your name? Where were you born? Record the date of birth exactly.",
    "- ມີຄົນອື່ນຈະຖືໜັງສືຜ່ານແດນຂອງທ່ານໄວ້",
    "ທ່ານຄວນເກັບຮັກສາໜັງສືຜ່ານແດນ ເຮັດໃຫ້ເດັກຍິງຂ້າມຊາຍແດນໄດ້",
    "លោកអាចទាក់ទងមកយើងខ្ញុំ ឯកសាររបស់លោក ត្រូវរក្សាទុក",
    "พบเด็กหญิงคนหนึ่งอายุ 14 ปี",
    "Police Lieutenant Colonel rank insignia were shown on the fake ID cards.",
    "Mr and Mrs are used as titles in English forms; Regulation No. 5/2022 applies.",
]


@pytest.mark.parametrize(("text", "kind", "value"), VARIANTS)
def test_format_variants(text, kind, value):
    assert [f.text for f in find(text, kind)] == [value], detect(text)


@pytest.mark.parametrize("text", MORE_LOOKALIKES)
def test_more_lookalikes_are_left_alone(text):
    assert detect(text) == []


def test_offsets_stay_exact_on_random_mixed_script_text():
    import random

    rng = random.Random(20241122)
    pieces = [
        "Mr Sok Dara ",
        "นายสมชาย ใจดี ",
        "ທ້າວ ສົມພອນ ",
        "លោក ហេង វណ្ណា ",
        "chị Trần Thị Lan ",
        "+855 12 345 678 ",
        "០១២ ៣៤៥ ៦៧៨ ",
        "a.b@c.com ",
        "13.7563, 100.5018 ",
        "\u200b",
        "\u200c",
        "\ufeff",
        "e\u0302\u0301",
        "\u0301",
        "  ",
        "2023 ",
        "USD 3,000 ",
        "@handle_1 ",
        "case no. 12/2566 ",
    ]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        findings = detect(text)
        for finding in findings:
            assert text[finding.start : finding.end] == finding.text
        redacted = redact(text, findings)
        assert all(f.placeholder in redacted for f in findings)


def test_watch_names_accepts_a_single_string_and_ignores_one_letter_names():
    assert [f.text for f in detect("Rith met the team", watch_names="Rith")] == ["Rith"]
    assert detect("A B C", watch_names=["A"]) == []


def test_khmer_names_of_three_words_stop_before_attached_verbs():
    assert [f.text for f in find("ឈ្មោះ ញឹម ចាន់ សុភា ជាជនរងគ្រោះ", "person")] == ["ញឹម ចាន់ សុភា"]
    assert [f.text for f in find("លោក សុខ ដារ៉ា ជាមេខ្យល់", "person")] == ["សុខ ដារ៉ា"]


def test_khmer_and_lao_titles_attached_to_function_words():
    assert [f.text for f in find("ប្រាក់ត្រូវបានប្រគល់ដោយលោក សុខ ដារ៉ា ។", "person")] == ["សុខ ដារ៉ា"]
    assert [f.text for f in find("ລົດເປັນຂອງທ້າວ ສົມພອນ ແກ້ວມະນີ.", "person")] == ["ສົມພອນ ແກ້ວມະນີ"]


def test_names_split_by_extra_spaces_or_a_line_break_after_the_first_word():
    assert [f.text for f in find("Mr  Sok   Dara said", "person")] == ["Sok   Dara"]
    assert [f.text for f in find("Mr Sok\nDara said", "person")] == ["Sok\nDara"]
    assert [f.text for f in find("Mr Sok Dara\nInvestigators found", "person")] == ["Sok Dara"]
    assert [f.text for f in find("Mr Sok\n\nThe next paragraph", "person")] == ["Sok"]
