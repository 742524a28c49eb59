"""Khmer and Lao readers get the interface in their language: from the switcher, from the browser, in messages."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_language_switcher_names_khmer_and_lao_in_their_own_script(client):
    html = client.get("/library/").content.decode()
    assert '<option value="km" lang="km">ភាសាខ្មែរ</option>' in html
    assert '<option value="lo" lang="lo">ພາສາລາວ</option>' in html
    assert ">Khmer<" not in html


@pytest.mark.parametrize(
    ("accept_language", "language", "translated"),
    [
        ("km-KH,km;q=0.9,en;q=0.5", "km", "ចម្រោះបណ្ណាល័យ"),
        # Django ships no Lao catalog: the site's own one is what makes the browser's preference count.
        ("lo-LA,lo;q=0.9,en;q=0.5", "lo", "ກັ່ນຕອງຫ້ອງສະໝຸດ"),
    ],
)
def test_a_browser_set_to_khmer_or_lao_gets_that_interface_without_the_switcher(
    client, accept_language, language, translated
):
    html = client.get("/library/", HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
    assert f'<html lang="{language}"' in html
    assert translated in html
    assert "Filter the library" not in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("km", "'199x' មិនមែនជាឆ្នាំទេ (ប្រើលេខ 4 ខ្ទង់ ឧទាហរណ៍ 2023)"),
        ("lo", "'199x' ບໍ່ແມ່ນປີ (ໃຊ້ຕົວເລກ 4 ຫຼັກ, ຕົວຢ່າງ 2023)"),
    ],
    ids=["km", "lo"],
)
def test_a_bad_search_filter_is_explained_in_the_readers_language(client, language, message):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/search/", {"q": "fishing", "year": "199x"})
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading", "field"),
    [
        ("km", "ចុះឈ្មោះ", "ស្ថាប័ន"),
        ("lo", "ລົງທະບຽນ", "ໜ່ວຍງານ"),
    ],
)
def test_registration_form_labels_are_translated(client, language, heading, field):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/accounts/signup/").content.decode()
    assert f"<h1>{heading}</h1>" in html or f">{heading}</h1>" in html
    assert field in html
    assert ">Agency" not in html
