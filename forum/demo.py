"""Fictional demo boards and discussions in Lao, Thai, Vietnamese, Khmer and English; loading is idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from forum.models import Board, ForumProfile, Post, Subscription, Thread

DOMAIN = "demo.frontline.invalid"
EXTRA_DOMAIN = "forum-demo.frontline.invalid"  # authors beyond the demo-content members; they cannot sign in
WORKING_GROUP = "Mekong border liaison working group"

# (email local part, role, country, handle, display name); those in SHARED are demo-content members.
AUTHORS = [
    ("officer", "officer", "TH", "mukdahan_screening", "Screening officer, Mukdahan"),
    ("moderator", "moderator", "LA", "vientiane_liaison", "Liaison officer, Vientiane"),
    ("participant", "participant", "KH", "poipet_trainee", "Workshop participant, Poipet"),
    ("focal-point", "focal_point", "KH", "kh_focal_point", "Focal point, Phnom Penh"),
    ("editor", "editor", "VN", "library_editor", "Library editor"),
    ("administrator", "administrator", "TH", "secretariat", "Exchange secretariat"),
    ("officer-vn", "officer", "VN", "lao_cai_border_guard", "Border guard, Lào Cai"),
    ("officer-la", "officer", "LA", "savannakhet_police", "Police investigator, Savannakhet"),
]

# Authors who are also demo-content members (library.demo.members), so they can sign in as themselves.
SHARED = {"officer", "officer-la", "officer-vn", "moderator", "participant", "focal-point", "editor", "administrator"}

BOARDS = [
    (
        "laos-thailand",
        "Laos–Thailand border cooperation",
        "partnership",
        "members",
        "Joint work across the Mekong crossings: referrals, returns and shared alerts.",
    ),
    (
        "cambodia-thailand",
        "Cambodia–Thailand border cooperation",
        "partnership",
        "members",
        "Poipet–Aranyaprathet and the other crossings: case handover and victim referral.",
    ),
    (
        "online-recruitment",
        "Online recruitment",
        "theme",
        "members",
        "Fake job adverts, messaging-app recruiters and scam compounds.",
    ),
    (
        "victim-identification",
        "Victim identification",
        "theme",
        "members",
        "Indicators, first interviews and referral to protection services.",
    ),
    ("document-fraud", "Document fraud", "theme", "members", "Forged and borrowed passports, visas and work permits."),
    (
        "officers-operations",
        "Officers' operational exchange",
        "theme",
        "officers",
        "For vetted officers only: live patterns and requests for assistance. Never name people.",
    ),
    (
        "mekong-liaison",
        "Mekong border liaison working group",
        "partnership",
        "groups",
        "Working group of the border liaison offices.",
    ),
]

# (board slug, title, [(author handle, hours ago, body), ...])
THREADS = [
    (
        "online-recruitment",
        "How do you spot fake job adverts on social media?",
        [
            (
                "mukdahan_screening",
                70,
                "We see more adverts promising **high salaries in call centres** abroad, "
                "with no interview and travel paid in advance. What signs do you check first?",
            ),
            (
                "vientiane_liaison",
                66,
                "Three that work for us:\n\n1. The employer name cannot be found on any register.\n"
                "2. The recruiter moves the conversation to a private messaging app at once.\n"
                "3. Travel is through a third country rather than directly to the workplace.",
            ),
            (
                "lao_cai_border_guard",
                60,
                "@mukdahan_screening we also ask travellers to show the chat. "
                "Recruiters often tell them to say they are tourists.",
            ),
        ],
    ),
    (
        "online-recruitment",
        "ສັນຍານເຕືອນຂອງການໂຄສະນາວຽກປອມທາງອອນລາຍ",
        [
            (
                "savannakhet_police",
                50,
                "ພວກເຮົາພົບການໂຄສະນາວຽກທີ່ສັນຍາເງິນເດືອນສູງ ແລະ ບໍ່ຕ້ອງມີປະສົບການ. ຜູ້ສະໝັກຖືກບອກໃຫ້ຂ້າມຊາຍແດນເປັນນັກທ່ອງທ່ຽວ.",
            ),
            ("vientiane_liaison", 45, "ຂອບໃຈ. ກະລຸນາແບ່ງປັນຮູບແບບການໂຄສະນາ (ບໍ່ມີຊື່ບຸກຄົນ) ເພື່ອໃຫ້ດ່ານອື່ນໆຮູ້ນຳ."),
        ],
    ),
    (
        "cambodia-thailand",
        "ការបញ្ជូនជនរងគ្រោះនៅច្រកព្រំដែនប៉ោយប៉ែត",
        [
            ("kh_focal_point", 90, "តើអ្នកប្រើទម្រង់បញ្ជូនណាខ្លះ នៅពេលទទួលជនរងគ្រោះពីភាគីថៃ?"),
            ("poipet_trainee", 80, "យើងប្រើទម្រង់រួមដែលបានព្រមព្រៀងក្នុងសិក្ខាសាលា ហើយទូរស័ព្ទទៅមន្ទីរសង្គមកិច្ចមុនពេលផ្ទេរ។"),
            ("mukdahan_screening", 75, "Thank you — could the focal points share the agreed form in English too?"),
        ],
    ),
    (
        "laos-thailand",
        "การส่งต่อผู้เสียหายข้ามแม่น้ำโขง",
        [
            ("mukdahan_screening", 120, "ที่ด่านมุกดาหาร เราประสานกับฝั่งลาวก่อนส่งตัวผู้เสียหายทุกครั้ง ใครมีแนวปฏิบัติเรื่องล่ามภาษาบ้าง"),
            ("savannakhet_police", 110, "ຢູ່ສະຫວັນນະເຂດ ພວກເຮົາມີລາຍຊື່ລ່າມທີ່ຜ່ານການຝຶກອົບຮົມ. ຕິດຕໍ່ຜ່ານຫ້ອງການປະສານງານ."),
            (
                "vientiane_liaison",
                100,
                "Both sides agree: call the liaison office first, then arrange the interpreter.",
            ),
        ],
    ),
    (
        "document-fraud",
        "Dấu hiệu hộ chiếu bị thay trang thường gặp",
        [
            (
                "lao_cai_border_guard",
                40,
                "Chúng tôi gặp nhiều hộ chiếu bị thay trang thông tin. "
                "Dấu hiệu: keo ở gáy sổ, số trang không liên tục, ảnh bị ép lại.",
            ),
            ("mukdahan_screening", 30, "Useful. We add: check the machine-readable zone against the data page."),
        ],
    ),
    (
        "victim-identification",
        "First interview: what not to ask",
        [
            (
                "kh_focal_point",
                200,
                "A reminder from the workshop: don't ask a suspected victim to repeat their story "
                "to several officers. Agree who leads the interview.",
            ),
            ("poipet_trainee", 190, "> Agree who leads the interview.\n\nAnd offer a break and water before starting."),
        ],
    ),
    (
        "officers-operations",
        "Pattern alert: recruiters using a new transit route",
        [
            (
                "mukdahan_screening",
                20,
                "For officers only: we see groups told to cross at a smaller checkpoint and "
                "change vehicles twice. No names here — contact the liaison office for details.",
            ),
            (
                "lao_cai_border_guard",
                15,
                "Similar reports on the northern route. We will share the pattern at the next liaison meeting.",
            ),
        ],
    ),
    (
        "mekong-liaison",
        "Agenda for the next liaison meeting",
        [
            (
                "vientiane_liaison",
                10,
                "Proposed items:\n\n- review of joint referrals\n- interpreter list\n- the new transit route pattern",
            ),
        ],
    ),
]


def _author(local, role, country, handle, name):
    from accounts.roles import create_member

    User = get_user_model()
    email = f"{local}@{DOMAIN if local in SHARED else EXTRA_DOMAIN}"
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = create_member(email, role=role, country_code=country, position=name)
    profile = ForumProfile.for_user(user)
    if profile.handle != handle and not ForumProfile.objects.filter(handle=handle).exclude(pk=profile.pk).exists():
        profile.handle = handle
    profile.display_name = profile.display_name or name
    profile.save()
    return user


@transaction.atomic
def load(stdout=None):
    """Create the demo boards, members' handles and discussions that are missing; return threads created."""
    from accounts.roles import ensure_roles

    ensure_roles()
    authors = {row[3]: _author(*row) for row in AUTHORS}
    group, _created = Group.objects.get_or_create(name=WORKING_GROUP)
    for handle in ("vientiane_liaison", "mukdahan_screening", "savannakhet_police"):
        authors[handle].groups.add(group)
    boards = {}
    for order, (slug, name, kind, audience, description) in enumerate(BOARDS):
        board, _created = Board.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "audience": audience, "description": description, "order": order},
        )
        if audience == Board.Audience.GROUPS:
            board.groups.set([group])
        board.moderators.add(authors["vientiane_liaison"])
        boards[slug] = board
    library_page = _a_case_study()
    now = timezone.now()
    created = 0
    for board_slug, title, posts in THREADS:
        board = boards[board_slug]
        if Thread.objects.filter(board=board, title=title).exists():
            continue
        starter_handle, hours, _body = posts[0]
        start = now - timedelta(hours=hours)
        thread = Thread.objects.create(
            board=board,
            title=title,
            starter=authors[starter_handle],
            created_at=start,
            last_post_at=now - timedelta(hours=posts[-1][1]),
            post_count=len(posts),
            library_page=library_page if board_slug == "victim-identification" else None,
        )
        for handle, hours_ago, body in posts:
            Post.objects.create(
                thread=thread, author=authors[handle], body=body, created_at=now - timedelta(hours=hours_ago)
            )
            Subscription.objects.get_or_create(user=authors[handle], thread=thread)
        created += 1
    if library_page is not None:
        Thread.objects.filter(board=boards["victim-identification"], library_page__isnull=True).update(
            library_page=library_page
        )
    if stdout is not None:
        stdout.write(f"Forum demo: {len(boards)} boards, {created} new threads.")
    return created


def _a_case_study():
    from library.models import CaseStudyPage

    return CaseStudyPage.objects.live().order_by("pk").first()
