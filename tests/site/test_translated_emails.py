"""Emails reach members in their own interface language, whatever language the sender works in."""

import pytest
from django.conf import settings

from accounts.roles import ADMINISTRATOR
from tests.factories.accounts import create_user

pytestmark = pytest.mark.django_db

APPROVED_SUBJECT = {
    "km": "[Frontline Exchange] សមាជិកភាពរបស់អ្នកត្រូវបានអនុម័ត",
    "lo": "[Frontline Exchange] ການເປັນສະມາຊິກຂອງທ່ານໄດ້ຮັບການອະນຸມັດແລ້ວ",
    "th": "[Frontline Exchange] การเป็นสมาชิกของท่านได้รับการอนุมัติแล้ว",
    "vi": "[Frontline Exchange] Tư cách thành viên của bạn đã được phê duyệt",
}
APPROVED_BODY = {
    "km": "ឥឡូវនេះ អ្នកអាចអានខ្លឹមសាររបស់សមាជិកក្នុងបណ្ណាល័យ",
    "lo": "ດຽວນີ້ທ່ານສາມາດອ່ານເນື້ອຫາສຳລັບສະມາຊິກໃນຫ້ອງສະໝຸດ",
    "th": "ขณะนี้ท่านสามารถอ่านเนื้อหาสำหรับสมาชิกในคลังความรู้",
    "vi": "Giờ đây bạn có thể đọc nội dung dành cho thành viên trong thư viện",
}
RESET_SUBJECT = {
    "km": "[Frontline Exchange] អ៊ីមែលកំណត់ពាក្យសម្ងាត់ឡើងវិញ",
    "lo": "[Frontline Exchange] ອີເມວຕັ້ງລະຫັດຜ່ານໃໝ່",
    "th": "[Frontline Exchange] อีเมลสำหรับตั้งรหัสผ่านใหม่",
    "vi": "[Frontline Exchange] Email đặt lại mật khẩu",
}
RESET_BODY = {
    "km": "ប្រសិនបើអ្នកមិនបានស្នើសុំទេ អ្នកអាចមិនអើពើនឹងអ៊ីមែលនេះ។",
    "lo": "ຖ້າທ່ານບໍ່ໄດ້ຮ້ອງຂໍ, ທ່ານສາມາດບໍ່ສົນໃຈອີເມວນີ້ໄດ້.",
    "th": "หากท่านไม่ได้ขอตั้งรหัสผ่านใหม่ ท่านไม่ต้องดำเนินการใด ๆ",
    "vi": "Nếu bạn không yêu cầu đặt lại mật khẩu, có thể bỏ qua email này.",
}


@pytest.mark.parametrize("language", sorted(APPROVED_SUBJECT))
def test_approval_email_is_in_the_applicants_language_when_an_english_administrator_approves(
    client, mailoutbox, language
):
    applicant = create_user(None, approved=False, country_code="VN", ui_language=language)
    client.force_login(create_user(ADMINISTRATOR))
    response = client.post(
        "/members/pending/", {"member": applicant.member.pk, "decision": "approve", "role": "officer", "note": ""}
    )
    assert response.status_code == 302
    assert "Members awaiting approval" in client.get("/members/pending/").content.decode()
    email = mailoutbox[-1]
    assert email.to == [applicant.email]
    assert email.subject == APPROVED_SUBJECT[language]
    assert APPROVED_BODY[language] in email.body
    assert "has been approved" not in email.body


@pytest.mark.parametrize("language", sorted(RESET_SUBJECT))
def test_password_reset_email_is_in_the_language_of_the_page_it_was_asked_from(client, mailoutbox, language):
    member = create_user(None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    email = mailoutbox[-1]
    assert email.to == [member.email]
    assert email.subject == RESET_SUBJECT[language]
    assert RESET_BODY[language] in email.body
    assert "/accounts/password/reset/key/" in email.body
    assert "You're receiving this email" not in email.body
