"""Create members, role holders and view restrictions for tests."""

import itertools

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from accounts.roles import TWO_FACTOR_ROLES, create_member, officer_groups

_counter = itertools.count(1)
PASSWORD = "a long test passphrase 42"


def create_user(
    role=None, *, approved=True, country_code="TH", email=None, password=PASSWORD, two_factor=None, **fields
):
    """Create a member with a verified email, the given role (None for none) and a known password.

    Roles that require two-factor authentication are enrolled in TOTP unless two_factor=False; the secret is
    on `user.totp_secret`.
    """
    email = email or f"member{next(_counter)}@example.org"
    if two_factor is None:
        two_factor = role in TWO_FACTOR_ROLES
    return create_member(
        email,
        role=role,
        country_code=country_code,
        password=password,
        approved=approved,
        two_factor=two_factor,
        **fields,
    )


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
