"""A member whose interface language is Thai or Vietnamese signs in and reads the member pages in it."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories.accounts import PASSWORD
from tests.factories.forum import create_board, create_forum_member, create_thread

pytestmark = pytest.mark.django_db

# Per language: page → (translated text that must appear, its English that must not).
MEMBER_PAGES = {
    "th": {
        "/forum/": [("ล่าสุด:", "Latest:"), ("3\xa0วัน ที่ผ่านมา", "days ago")],
        "thread": [("เลิกติดตาม", "Stop following"), ("ส่งคำตอบ", "Post reply")],
        "/members/profile/": [("โปรไฟล์ของท่าน", "Your profile"), ("ภาษาของหน้าจอ", "Interface language")],
        "/forum/settings/": [("การตั้งค่ากระดานสนทนาของท่าน", "Your forum settings"), ("ชื่อที่แสดง", "Display name")],
    },
    "vi": {
        "/forum/": [("Mới nhất:", "Latest:"), ("3\xa0ngày trước", "days ago")],
        "thread": [("Bỏ theo dõi", "Stop following"), ("Gửi trả lời", "Post reply")],
        "/members/profile/": [("Hồ sơ của bạn", "Your profile"), ("Ngôn ngữ giao diện", "Interface language")],
        "/forum/settings/": [("Cài đặt diễn đàn của bạn", "Your forum settings"), ("Tên hiển thị", "Display name")],
    },
}


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("language", sorted(MEMBER_PAGES))
def test_signing_in_brings_the_members_language_to_the_member_pages(client, language):
    member = create_forum_member("participant", handle="poipet_trainee", ui_language=language)
    board = create_board(name="Online recruitment", slug="online-recruitment")
    thread = create_thread(board, member, created_at=timezone.now() - timedelta(days=3))

    # Signed out, in English; the sign-in itself switches the interface to the member's language.
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302

    for page, expectations in MEMBER_PAGES[language].items():
        url = thread.get_absolute_url() if page == "thread" else page
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        for translated, english in expectations:
            assert translated in html, (url, translated)
            assert english not in html, (url, english)


def test_a_member_without_an_interface_language_reads_them_in_english(client):
    member = create_forum_member("participant", handle="poipet_trainee")
    board = create_board(name="Online recruitment", slug="online-recruitment")
    thread = create_thread(board, member, created_at=timezone.now() - timedelta(days=3))
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    for page, expectations in MEMBER_PAGES["th"].items():
        html = client.get(thread.get_absolute_url() if page == "thread" else page).content.decode()
        assert '<html lang="en"' in html
        for _translated, english in expectations:
            assert english in html
