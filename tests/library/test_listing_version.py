"""The library's restrictions version (ListingVersion) raised once for a long transaction (an import on PostgreSQL),
so that an editor's publication, which raises it too, does not wait for the whole import (tests/stack checks that
over HTTP)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import PageViewRestriction

from library.models import ListingVersion
from library.visibility import hidden_for
from tests.factories.library import create_case_study

pytestmark = pytest.mark.django_db


def version():
    return ListingVersion.current()[0]


def test_changes_in_the_block_raise_the_version_once_when_it_ends():
    page = create_case_study(title="Checkpoint case")
    before = version()
    with ListingVersion.bumping_once():
        ListingVersion.bump()
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)  # its signal too
        ListingVersion.bump()
        assert version() == before  # nothing raised, nothing locked, until the end
    assert version() == before + 1
    assert page.path in hidden_for(AnonymousUser())[0]  # readers see the restriction once it is raised


def test_a_failed_block_raises_nothing():
    create_case_study(title="Checkpoint case")
    before = version()
    with pytest.raises(RuntimeError), ListingVersion.bumping_once():
        ListingVersion.bump()
        raise RuntimeError("the import failed")
    assert version() == before


def test_outside_a_block_each_change_raises_it():
    page = create_case_study(title="Checkpoint case")
    before = version()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    ListingVersion.bump()
    assert version() == before + 2
