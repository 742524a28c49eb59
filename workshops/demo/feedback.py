"""Synthetic feedback and follow-up answers for the demo's past workshops (reaction mostly 4–5, about 70 % answering
the follow-up, most of them having used a method, cross-border cooperation commoner at the Laos–Thailand border).

Idempotent: a workshop that has any feedback, or any follow-up, keeps what it has. The follow-up emails are
recorded as sent (with their reminders), so the worker's periodic task sends the demo cohorts nothing.
"""

import datetime
import random

from django.utils import timezone

from library.models import Country, MethodPage
from workshops.models import FeedbackResponse, FeedbackSettings, FollowUp
from workshops.models.feedback import RATING_ITEMS, FeedbackState, Used

# Short comments in each participant's language (illustrative).
MOST_USEFUL = {
    "vi": ["Phần thực hành phỏng vấn nạn nhân.", "Danh sách dấu hiệu nhận biết tại cửa khẩu."],
    "lo": ["ການຝຶກສຳພາດຜູ້ເສຍຫາຍ.", "ລາຍການຕົວຊີ້ບອກຢູ່ດ່ານຊາຍແດນ."],
    "th": ["การฝึกสัมภาษณ์ผู้เสียหาย", "รายการตัวบ่งชี้ที่ด่านพรมแดน"],
    "km": ["ការអនុវត្តសម្ភាសជនរងគ្រោះ។", "បញ្ជីសូចនាករនៅច្រកព្រំដែន។"],
}
TO_IMPROVE = {
    "vi": ["Cần thêm thời gian cho tình huống thực tế.", "Tài liệu nên có bản in."],
    "lo": ["ຕ້ອງການເວລາຫຼາຍຂຶ້ນສຳລັບກໍລະນີຕົວຈິງ.", "ເອກະສານຄວນມີສະບັບພິມ."],
    "th": ["ควรมีเวลาสำหรับกรณีศึกษาจริงมากขึ้น", "เอกสารควรมีฉบับพิมพ์"],
    "km": ["ត្រូវការពេលវេលាបន្ថែមសម្រាប់ករណីជាក់ស្តែង។", "ឯកសារគួរមានច្បាប់បោះពុម្ព។"],
}
EXAMPLE = {
    "vi": "Chúng tôi dùng bảng câu hỏi sàng lọc với một nhóm lao động trở về và chuyển hai người đến nhà tạm lánh.",
    "lo": "ພວກເຮົາໃຊ້ແບບຄັດກອງກັບກຸ່ມແຮງງານທີ່ກັບຄືນ ແລະ ສົ່ງຕໍ່ສອງຄົນໄປສູນພັກເຊົາ.",
    "th": "เราใช้แบบคัดกรองกับกลุ่มแรงงานที่เดินทางกลับ และส่งต่อสองคนไปยังบ้านพักร่วมกับเจ้าหน้าที่ฝั่งลาว",
    "km": "យើងបានប្រើកម្រងសំណួរត្រួតពិនិត្យជាមួយក្រុមពលករវិលត្រឡប់ ហើយបញ្ជូនមនុស្សពីរនាក់ទៅទីជម្រក។",
}
OTHER_METHOD = {
    "vi": "Phối hợp với công an xã",
    "lo": "ປະສານງານກັບອຳນາດການປົກຄອງບ້ານ",
    "th": "ประสานงานกับผู้นำชุมชน",
    "km": "សហការជាមួយអាជ្ញាធរភូមិ",
}
NEIGHBOURS = {"VN": ["LA", "KH"], "LA": ["TH", "VN"], "TH": ["LA", "KH"], "KH": ["TH", "VN"]}
RATING_WEIGHTS = [1, 2, 8, 40, 49]  # of 1..5


def load_feedback(workshop, people, seed, cross_border_rate):
    """Give a past demo workshop its closed feedback form, its participants' reactions and follow-up answers."""
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not security
    plan = FeedbackSettings.of(workshop)
    closed = timezone.make_aware(datetime.datetime.combine(workshop.end_date, datetime.time(17)))
    if plan.state != FeedbackState.CLOSED:
        plan.state, plan.closed_at = FeedbackState.CLOSED, closed
        plan.save(update_fields=["state", "closed_at"])
    if not FeedbackResponse.objects.filter(workshop=workshop).exists():
        _reactions(workshop, people, rng, closed)
    if not FollowUp.objects.filter(workshop=workshop).exists():
        _follow_ups(workshop, people, rng, plan, cross_border_rate)


def _language(person):
    return person.member.ui_language or "en"


def _in(table, language):
    """Return the text of a table in this language (Thai for a language the table lacks)."""
    return table.get(language) or table["th"]


def _reactions(workshop, people, rng, when):
    rows = []
    for person in people:
        if rng.random() > 0.9:
            continue
        language = _language(person)
        ratings = {name: rng.choices(range(1, 6), weights=RATING_WEIGHTS)[0] for name, _label in RATING_ITEMS}
        rows.append(
            FeedbackResponse(
                workshop=workshop,
                user=person,
                most_useful=rng.choice(_in(MOST_USEFUL, language)) if rng.random() < 0.4 else "",
                to_improve=rng.choice(_in(TO_IMPROVE, language)) if rng.random() < 0.3 else "",
                language=language,
                created_at=when,
                updated_at=when,
                **ratings,
            )
        )
    FeedbackResponse.objects.bulk_create(rows)


def _follow_ups(workshop, people, rng, plan, cross_border_rate):
    methods = list(
        MethodPage.objects.visible_to(people[0])
        .filter(pk__in=workshop.materials.values_list("material_id", flat=True))
        .order_by("pk")
    )
    countries = {country.code: country for country in Country.objects.all()}
    sent = timezone.make_aware(datetime.datetime.combine(plan.follow_up_date, datetime.time(9)))
    for person in people:
        answered = rng.random() < 0.7
        reminders = rng.choice((0, 0, 1)) if answered else plan.max_reminders
        row = FollowUp(
            workshop=workshop,
            user=person,
            mails_sent=1 + reminders,
            first_mailed_at=sent,
            last_mailed_at=sent + datetime.timedelta(days=plan.reminder_every_days * reminders),
            created_at=sent,
        )
        chosen = []
        if answered:
            language = _language(person)
            row.language = language
            row.answered_at = row.last_mailed_at + datetime.timedelta(days=rng.randint(0, 5), hours=rng.randint(1, 9))
            row.used = rng.choices([Used.YES, Used.PARTLY, Used.NO], weights=[55, 25, 20])[0]
            if row.used != Used.NO:
                chosen = rng.sample(methods, k=min(len(methods), rng.choice((1, 1, 2)))) if methods else []
                if not chosen or rng.random() < 0.15:
                    row.other_method = _in(OTHER_METHOD, language)
                row.example = _in(EXAMPLE, language) if rng.random() < 0.35 else ""
            row.cooperated = rng.random() < cross_border_rate
            if row.cooperated:
                home = person.member.country.code if person.member.country_id else "TH"
                row.partner_country = countries.get(rng.choice(NEIGHBOURS.get(home, ["TH"])))
        row.save()
        if chosen:
            row.methods.set(chosen)
