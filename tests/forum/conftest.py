"""Shared forum fixtures: members of each role, boards of each audience."""

import pytest
from django.core.cache import cache

from forum.models import Board
from tests.factories.accounts import create_working_group
from tests.factories.forum import create_board, create_forum_member


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def participant(db):
    return create_forum_member("participant", handle="poipet_trainee")


@pytest.fixture
def officer(db):
    return create_forum_member("officer", handle="mukdahan_screening")


@pytest.fixture
def other_officer(db):
    return create_forum_member("officer", handle="lao_cai_guard")


@pytest.fixture
def moderator(db):
    return create_forum_member("moderator", handle="vientiane_mod")


@pytest.fixture
def members_board(db):
    return create_board(name="Online recruitment", slug="online-recruitment")


@pytest.fixture
def officers_board(db):
    return create_board(name="Officers operational exchange", slug="officers-ops", audience=Board.Audience.OFFICERS)


@pytest.fixture
def working_group(db):
    return create_working_group("Mekong border liaison working group")


@pytest.fixture
def group_board(working_group):
    return create_board(
        name="Mekong liaison", slug="mekong-liaison", audience=Board.Audience.GROUPS, groups=[working_group]
    )
