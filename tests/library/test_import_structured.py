"""import_library lines carry the structured case-study and method fields, checked like the rest of a line."""

import pytest

from library.models import CaseStudyPage, LibraryPage, MethodPage, RecruitmentChannel
from tests.library.test_import_library import PHONE, line, run, run_capturing, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def channels():
    RecruitmentChannel.objects.get_or_create(slug="social-media", defaults={"name": "Social media"})
    RecruitmentChannel.objects.get_or_create(slug="recruitment-agency", defaults={"name": "Recruitment agency"})


def case_line(**overrides):
    """Return a case-study line with every structured field."""
    fields = {
        "border_area": "Poipet crossing",
        "year_end": 2023,
        "recruitment_channels": ["social-media", "recruitment-agency"],
        "modus_operandi": "<p>Fake job offers for <b>casino</b> work.</p><script>x()</script>",
        "victim_count": "6-20",
        "victim_age_band": "18-24",
        "victim_gender": "mixed",
        "detection": "A hotline call from a relative.",
        "investigation_steps": "<p>Interviews, then phone records.</p>",
        "cooperation": "<p>Liaison officers on both sides.</p>",
        "outcome_status": "conviction",
        "sentence": "12 years' imprisonment",
        "victim_support": "<p>Shelter and repatriation.</p>",
        "lessons_learned": "<p>Screen early.</p>",
    }
    return line(0, **{**fields, **overrides})


def method_line(**overrides):
    """Return a method line with steps, legal bases, indicators and what to avoid."""
    fields = {
        "purpose": "Find out whether a traveller was recruited by deception.",
        "indicators": "<ul><li>Documents held by someone else</li></ul>",
        "what_to_avoid": "<p>Leading questions.</p>",
        "steps": [{"title": "Prepare the room", "detail": "<p>Private, quiet.</p>"}, {"title": "Open", "detail": ""}],
        "legal_bases": [{"country": "TH", "text": "Anti-Trafficking in Persons Act B.E. 2551"}],
    }
    return line(1, **{**fields, **overrides})


def test_a_case_study_line_fills_the_structured_fields(tmp_path, channels):
    run(write(tmp_path, [case_line()]), "--publish")
    page = CaseStudyPage.objects.get()
    assert page.live and page.border_area == "Poipet crossing" and page.year_end == 2023
    assert sorted(page.recruitment_channels.values_list("slug", flat=True)) == ["recruitment-agency", "social-media"]
    assert page.modus_operandi == "<p>Fake job offers for <b>casino</b> work.</p>"
    assert (page.victim_count, page.victim_age_band, page.victim_gender) == ("6-20", "18-24", "mixed")
    assert page.detection == "<p>A hotline call from a relative.</p>"
    assert page.outcome_status == "conviction" and page.sentence == "12 years' imprisonment"
    assert page.lessons_learned == "<p>Screen early.</p>"


def test_reimporting_changes_the_structured_fields(tmp_path, channels):
    run(write(tmp_path, [case_line(), method_line()]), "--publish")
    changed = [
        case_line(recruitment_channels=["social-media"], outcome_status="prosecution", sentence=""),
        method_line(legal_bases=[{"country": "VN", "text": "Criminal Code"}], steps=[]),
    ]
    run(write(tmp_path, changed, "b.jsonl"), "--publish")
    case = CaseStudyPage.objects.get()
    assert list(case.recruitment_channels.values_list("slug", flat=True)) == ["social-media"]
    assert case.outcome_status == "prosecution" and case.sentence == ""
    method = MethodPage.objects.get()
    assert [(basis.country.code, basis.basis) for basis in method.legal_bases.all()] == [("VN", "Criminal Code")]
    assert len(method.steps) == 0


def test_a_method_line_fills_steps_legal_bases_and_purpose(tmp_path, client):
    run(write(tmp_path, [method_line()]), "--publish")
    page = MethodPage.objects.get()
    assert page.purpose == "Find out whether a traveller was recruited by deception."
    assert [step.value["title"] for step in page.steps] == ["Prepare the room", "Open"]
    assert page.steps[0].value["detail"].source == "<p>Private, quiet.</p>"
    assert [(basis.country.code, basis.basis) for basis in page.legal_bases.all()] == [
        ("TH", "Anti-Trafficking in Persons Act B.E. 2551")
    ]
    assert page.indicators == "<ul><li>Documents held by someone else</li></ul>"
    content = client.get(page.url).content.decode()
    assert "Prepare the room" in content and "Anti-Trafficking in Persons Act" in content


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"victim_count": "12"}, "line 1: victim_count: unknown value '12' (use one of: 1, 2-5, "),
        ({"recruitment_channels": ["carrier-pigeon"]}, "line 1: recruitment_channels: unknown value 'carrier-pigeon'"),
        ({"year_end": 1800}, "line 1: year_end: '1800' is not a year between 1900 and 2100"),
        ({"modus_operandi": 5}, "line 1: modus_operandi: must be text or HTML"),
        ({"steps": [{"title": "x"}]}, "line 1: steps: is a field of method, not of case-study"),
        ({"sentence": "x" * 256}, "line 1: sentence: is longer than 255 characters"),
    ],
)
def test_bad_structured_values_get_a_line_numbered_message_and_nothing_is_imported(
    tmp_path, channels, overrides, message
):
    _out, err, error = run_capturing(write(tmp_path, [case_line(**overrides)]), "--publish")
    assert error == "1 invalid line(s); nothing was imported."
    assert err.startswith(message), err
    assert not LibraryPage.objects.exists()


def test_bad_steps_and_legal_bases_are_refused(tmp_path):
    lines = [
        method_line(steps=[{"detail": "no title"}]),
        method_line(id="m2", legal_bases=[{"country": "XX", "text": "A law"}]),
    ]
    _out, err, error = run_capturing(write(tmp_path, lines), "--publish")
    assert error == "2 invalid line(s); nothing was imported."
    assert "line 1: steps: give objects with 'title' and 'detail'" in err
    assert "line 2: legal_bases: unknown country code 'XX'" in err


def test_identifying_details_in_a_structured_field_are_refused(tmp_path, channels):
    lines = [case_line(modus_operandi=PHONE), method_line(steps=[{"title": "Call", "detail": PHONE}])]
    _out, err, error = run_capturing(write(tmp_path, lines), "--publish")
    assert error and not LibraryPage.objects.exists()
    assert "line 1: anonymization check: modus_operandi: phone '+66 81 234 5678'" in err
    assert "line 2: anonymization check: steps: phone '+66 81 234 5678'" in err


def test_a_line_without_a_structured_field_leaves_it_as_it_is(tmp_path, channels):
    run(write(tmp_path, [case_line(), method_line()]), "--publish")
    run(write(tmp_path, [line(0, title="Retitled case"), line(1, title="Retitled method")], "b.jsonl"), "--publish")
    case = CaseStudyPage.objects.get()
    assert case.title == "Retitled case" and case.outcome_status == "conviction"
    assert sorted(case.recruitment_channels.values_list("slug", flat=True)) == ["recruitment-agency", "social-media"]
    method = MethodPage.objects.get()
    assert method.title == "Retitled method" and len(method.steps) == 2 and method.legal_bases.count() == 1
