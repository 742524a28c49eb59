"""The reason an editor or administrator gives (override, purge, publish without review) is required and trimmed."""

import pytest
from django.utils import translation

from safety.forms import OverrideForm, PublishWithoutReviewForm, PurgeHistoryForm


@pytest.fixture(autouse=True)
def _english():
    """The messages are compared in English, whatever language an earlier test in this process left active."""
    with translation.override("en"):
        yield


FORMS = [
    (OverrideForm, {"key": "abc"}, "Give the reason this is not identifying; an override needs a reason."),
    (PurgeHistoryForm, {}, "Give the reason for the purge; it goes to the audit log."),
    (PublishWithoutReviewForm, {}, "Give the reason; publishing without review is refused without one."),
]


@pytest.fixture(autouse=True)
def english():
    """Read the messages in English, whatever language an earlier test in the process left active."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("form_class", "data", "message"), FORMS)
@pytest.mark.parametrize("reason", ["", "   ", "\n\t "])
def test_a_missing_or_blank_reason_is_refused_with_the_forms_message(form_class, data, message, reason):
    form = form_class({**data, "reason": reason})
    assert not form.is_valid()
    assert form.errors["reason"] == [message]


@pytest.mark.parametrize(("form_class", "data", "message"), FORMS)
def test_the_reason_is_kept_without_surrounding_blanks(form_class, data, message):
    form = form_class({**data, "reason": "  National hotline, on posters.\n"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reason"] == "National hotline, on posters."
