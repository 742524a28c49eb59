"""Create members, role holders and view restrictions for tests."""

import itertools

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from accounts.roles import create_member, officer_groups

_counter = itertools.count(1)
PASSWORD = "a long test passphrase 42"


def create_user(role=None, *, approved=True, country_code="TH", email=None, password=PASSWORD, **fields):
    """Create a member with a verified email, the given role (None for none) and a known password."""
    email = email or f"member{next(_counter)}@example.org"
    return create_member(email, role=role, country_code=country_code, password=password, approved=approved, **fields)


def create_working_group(name="Border liaison working group", *members):
    """Create a named working group (a plain Django group) holding these members."""
    group, _created = Group.objects.get_or_create(name=name)
    for user in members:
        user.groups.add(group)
    return group


def restrict_to_members(page):
    """Make a page members-only (Wagtail's "private, accessible to logged-in users")."""
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def restrict_to_groups(page, groups):
    """Limit a page to the members of these groups."""
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(groups)
    return restriction


def restrict_to_officers(page):
    """Limit a page to officers and every role above them."""
    return restrict_to_groups(page, officer_groups())
