"""Interface translations: each catalog compiles, keeps its placeholders, matches its .mo and reaches the pages."""

import re
import shutil
import subprocess
from pathlib import Path

import allauth
import django
import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories.library import create_case_study

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
# Committed catalogs and the plural rule each must declare; add a language here when its catalog is committed.
CATALOGS = {
    "km": "nplurals=1; plural=0;",
    "lo": "nplurals=1; plural=0;",
    "th": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
}
# Placeholders and HTML tags that a translation must keep: %(name)s, %s, {name}, <a href="...">, </strong>.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfir]|%[sdfir]|\{[A-Za-z_]\w*\}|</?[A-Za-z][^>]*>")


def catalog_path(language, extension):
    """Return the path of a language's catalog with the given extension (po or mo)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"django.{extension}"


def placeholders(text):
    """Return the placeholders and HTML tags in a message, sorted."""
    return sorted(PLACEHOLDER.findall(text))


def key(entry):
    """Return what identifies a message: its context and source text."""
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def strings(entry):
    """Return a message's translation(s) as a comparable value."""
    return tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr


languages = pytest.mark.parametrize("language", sorted(CATALOGS))


@languages
def test_catalog_passes_msgfmt_check(language):
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [msgfmt, "--check", "--output-file=/dev/null", str(catalog_path(language, "po"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@languages
def test_catalog_declares_the_language_and_its_plural_rule(language):
    po = polib.pofile(catalog_path(language, "po"))
    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"] == CATALOGS[language]
    assert "charset=UTF-8" in po.metadata["Content-Type"]


@languages
def test_translations_keep_every_placeholder_and_tag(language):
    po = polib.pofile(catalog_path(language, "po"))
    nplurals = int(re.search(r"nplurals=(\d+)", CATALOGS[language]).group(1))
    broken = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                source = entry.msgid if index == 0 and nplurals > 1 else entry.msgid_plural
                if placeholders(text) != placeholders(source):
                    broken.append((entry.msgid, text))
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            broken.append((entry.msgid, entry.msgstr))
    assert broken == []


@languages
def test_no_translation_is_left_fuzzy(language):
    """A fuzzy entry is left out of the .mo, so readers would silently get English."""
    po = polib.pofile(catalog_path(language, "po"))
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


@languages
def test_compiled_catalog_matches_its_source(language):
    """The committed .mo holds exactly the .po's translations: recompile after editing the .po."""
    po = polib.pofile(catalog_path(language, "po"))
    mo = polib.mofile(catalog_path(language, "mo"))
    expected = {key(entry): strings(entry) for entry in po.translated_entries()}
    compiled = {key(entry): strings(entry) for entry in mo if entry.msgid}
    assert len(compiled) == len(expected)
    assert compiled == expected
    assert mo.metadata["Plural-Forms"] == po.metadata["Plural-Forms"]


# site/frontline/*_messages.py copy msgids from a package's English catalogs: the package folders to look in, and how
# many strings at least the catalogs of the languages listed copy.
VENDOR_MESSAGES = {
    "allauth_messages.py": ([Path(allauth.__file__).parent], 200, tuple(CATALOGS)),
    "django_messages.py": (
        [Path(django.__file__).parent / path for path in ("conf", "contrib/auth", "contrib/humanize")],
        40,
        ("th", "vi"),
    ),
}


@pytest.mark.parametrize("module", sorted(VENDOR_MESSAGES))
def test_package_strings_in_the_catalogs_are_still_the_packages(module):
    """An upgrade that rewords a copied msgid shows here, instead of the page silently falling back to English."""
    folders, minimum, complete = VENDOR_MESSAGES[module]
    known = {
        (entry.msgctxt or None, entry.msgid)
        for folder in folders
        for catalog in folder.glob("**/locale/en/LC_MESSAGES/django.po")
        for entry in polib.pofile(catalog)
    }
    for language in CATALOGS:
        po = polib.pofile(catalog_path(language, "po"))
        copied = [
            (entry.msgctxt or None, entry.msgid)
            for entry in po
            if any(path.endswith(module) for path, _ in entry.occurrences)
        ]
        assert [message for message in copied if message not in known] == []
        if language in complete:
            assert len(copied) >= minimum


# What a reader sees on each page: a translated string that must appear, and its English that must not.
PAGE_STRINGS = {
    "km": {
        "/": [("ករណីសិក្សាថ្មីៗ", "Latest case studies"), ("ស្វែងរកក្នុងបណ្ណាល័យ", "Search the library")],
        "/library/": [("ត្រងបណ្ណាល័យ", "Filter the library"), ("រំលងទៅលទ្ធផល", "Skip to results")],
        "/search/?q=fishing": [("ស្វែងរកក្នុងបណ្ណាល័យ និងការពិភាក្សា", "Search the library and discussions")],
        "/accounts/login/": [("ភ្លេចពាក្យសម្ងាត់?", "Forgot your password?"), ("ចូលគណនី", "Sign In")],
    },
    "lo": {
        "/": [("ກໍລະນີສຶກສາຫຼ້າສຸດ", "Latest case studies"), ("ຄົ້ນຫາໃນຫ້ອງສະໝຸດ", "Search the library")],
        "/library/": [("ກັ່ນຕອງຫ້ອງສະໝຸດ", "Filter the library"), ("ຂ້າມໄປຫາຜົນການຄົ້ນຫາ", "Skip to results")],
        "/search/?q=fishing": [("ຄົ້ນຫາໃນຫ້ອງສະໝຸດ ແລະ ການສົນທະນາ", "Search the library and discussions")],
        "/accounts/login/": [("ລືມລະຫັດຜ່ານບໍ?", "Forgot your password?"), ("ເຂົ້າສູ່ລະບົບ", "Sign In")],
    },
    "th": {
        "/": [("กรณีศึกษาล่าสุด", "Latest case studies"), ("ค้นหาในคลังความรู้", "Search the library")],
        "/library/": [("กรองคลังความรู้", "Filter the library"), ("ข้ามไปที่ผลลัพธ์", "Skip to results")],
        "/search/?q=fishing": [("ค้นหาในคลังความรู้และการอภิปราย", "Search the library and discussions")],
        "/accounts/login/": [("ลืมรหัสผ่านใช่ไหม", "Forgot your password?"), ("เข้าสู่ระบบ", "Sign In")],
        "/accounts/signup/": [
            ("รหัสผ่านของท่านต้องไม่เป็นตัวเลขทั้งหมด", "Your password can’t be entirely numeric."),
            ("อีเมลที่ทำงาน", "Work email"),
        ],
    },
    "vi": {
        "/": [
            ("Nghiên cứu điển hình mới nhất", "Latest case studies"),
            ("Tìm kiếm trong thư viện", "Search the library"),
        ],
        "/library/": [("Lọc thư viện", "Filter the library"), ("Chuyển đến kết quả", "Skip to results")],
        "/search/?q=fishing": [("Tìm kiếm trong thư viện và các cuộc thảo luận", "Search the library and discussions")],
        "/accounts/login/": [("Quên mật khẩu?", "Forgot your password?"), ("Đăng nhập", "Sign In")],
        "/accounts/signup/": [
            ("Mật khẩu của bạn không được chỉ gồm chữ số.", "Your password can’t be entirely numeric."),
            ("Email công vụ", "Work email"),
        ],
    },
}
# Site-wide text from the header and footer, on every page.
CHROME_STRINGS = {
    "km": [("រំលងទៅខ្លឹមសារ", "Skip to content"), ("វេទិកា", ">Forum<")],
    "lo": [("ຂ້າມໄປຫາເນື້ອຫາ", "Skip to content"), ("ເວທີສົນທະນາ", ">Forum<")],
    "th": [("ข้ามไปยังเนื้อหา", "Skip to content"), ("กระดานสนทนา", ">Forum<")],
    "vi": [("Chuyển đến nội dung", "Skip to content"), ("Diễn đàn", ">Forum<")],
}


@pytest.fixture
def published_case_study(db):
    return create_case_study(title="Recruited through a fake job advert")


@pytest.mark.parametrize(
    ("language", "url"), [(language, url) for language, pages in PAGE_STRINGS.items() for url in pages]
)
def test_pages_show_the_interface_in_the_chosen_language(client, published_case_study, language, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    for translated, english in PAGE_STRINGS[language][url] + CHROME_STRINGS[language]:
        assert translated in html
        assert english not in html
    if url == "/":
        assert published_case_study.title in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(PAGE_STRINGS))
def test_language_switcher_changes_the_interface_language(client, language):
    response = client.post(reverse("set_language"), {"language": language, "next": "/library/"})
    assert response.status_code == 302
    assert response["Location"] == "/library/"
    html = client.get("/library/").content.decode()
    translated, english = PAGE_STRINGS[language]["/library/"][0]
    assert translated in html
    assert english not in html


@pytest.mark.django_db
def test_english_stays_the_default(client):
    html = client.get("/library/").content.decode()
    assert "Filter the library" in html
    assert '<html lang="en"' in html
