"""Roles are Django groups with Wagtail permissions; this module names them and creates them."""

import contextlib

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.models import PAGE_PERMISSION_TYPES

from accounts.countries import country_by_code
from accounts.models import Member, MemberStatus

PARTICIPANT = "participant"
OFFICER = "officer"
MODERATOR = "moderator"
EDITOR = "editor"
FOCAL_POINT = "focal_point"
ADMINISTRATOR = "administrator"

ROLES = (PARTICIPANT, OFFICER, MODERATOR, EDITOR, FOCAL_POINT, ADMINISTRATOR)

# Constant group names; the data migration and ensure_roles() create these groups.
GROUP_NAMES = {
    PARTICIPANT: "Workshop participants",
    OFFICER: "Officers",
    MODERATOR: "Forum moderators",
    EDITOR: "Library editors",
    FOCAL_POINT: "Country focal points",
    ADMINISTRATOR: "Administrators",
}
ROLE_BY_GROUP_NAME = {name: role for role, name in GROUP_NAMES.items()}

ROLE_LABELS = {
    PARTICIPANT: _("Workshop participant"),
    OFFICER: _("Officer"),
    MODERATOR: _("Moderator"),
    EDITOR: _("Editor"),
    FOCAL_POINT: _("Country focal point"),
    ADMINISTRATOR: _("Administrator"),
}
ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in ROLES]

# Roles whose groups together make up the "officers only" audience (vetted officers and every role above them).
OFFICER_AND_ABOVE = (OFFICER, MODERATOR, EDITOR, FOCAL_POINT, ADMINISTRATOR)

# Roles that must enrol in two-factor authentication before they can reach anything beyond public pages.
TWO_FACTOR_ROLES = (OFFICER, MODERATOR, EDITOR, FOCAL_POINT, ADMINISTRATOR)

# Highest first: a member in several role groups is described by the first that matches.
ROLE_PRECEDENCE = (ADMINISTRATOR, FOCAL_POINT, EDITOR, MODERATOR, OFFICER, PARTICIPANT)

EDITOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
EDITOR_MODEL_PERMISSIONS = (
    ("accounts", "add_invitation"),
    ("accounts", "change_invitation"),
    ("accounts", "view_invitation"),
    ("search", "add_glossaryconcept"),
    ("search", "change_glossaryconcept"),
    ("search", "delete_glossaryconcept"),
    ("search", "view_glossaryconcept"),
    # Editors name the taxonomy in every language (adding or removing countries and crime types stays with admins).
    ("library", "change_country"),
    ("library", "view_country"),
    ("library", "change_crimetype"),
    ("library", "view_crimetype"),
    ("library", "change_recruitmentchannel"),
    ("library", "view_recruitmentchannel"),
    *(
        (app, f"{action}_{model}")
        for app, model in (
            ("library", "recruitmenttype"),
            ("library", "recruitmentplatform"),
            ("library", "controlmeans"),
            ("library", "exploitationtype"),
            ("library", "transporttype"),
            ("library", "assistancetype"),
            ("library", "province"),
        )
        for action in ("change", "view")
    ),
    ("library", "add_tagnames"),
    ("library", "change_tagnames"),
    ("library", "delete_tagnames"),
    ("library", "view_tagnames"),
)
# Created by the forum app; granted to moderators once it exists.
FORUM_MODERATE_PERMISSION = ("forum", "moderate")


def group_name(role):
    """Return the Django group name of a role, refusing unknown roles."""
    if role not in GROUP_NAMES:
        raise ValueError(f"Unknown role {role!r}; expected one of {', '.join(ROLES)}.")
    return GROUP_NAMES[role]


def role_group(role):
    """Return the Django group of a role, creating the role groups first if needed."""
    name = group_name(role)
    group = Group.objects.filter(name=name).first()
    if group is None:
        ensure_roles()
        group = Group.objects.get(name=name)
    return group


def officer_groups():
    """Return the groups whose members make up the officers-only audience."""
    names = [GROUP_NAMES[role] for role in OFFICER_AND_ABOVE]
    if Group.objects.filter(name__in=names).count() < len(names):
        ensure_roles()
    return Group.objects.filter(name__in=names).order_by("name")


_GROUPS_ATTR = "_frontline_groups"


def group_memberships(user):
    """Return (pk, name) of each group a signed-in user belongs to.

    Remembered on the user object: one request asks it many times (roles, audience tokens, two-factor rule, the
    forum's boards), and each request loads its own user object. A change through this object
    (``user.groups.add``…) forgets it (accounts.signals.forget_group_memberships).
    """
    remember_group_memberships([user])
    return getattr(user, _GROUPS_ATTR)


def remember_group_memberships(users):
    """Read the groups of many users in one query and remember them on each user object (as group_memberships
    would, one query each): a task that decides for every follower of a thread at once."""
    pending = {user.pk: user for user in users if getattr(user, _GROUPS_ATTR, None) is None}
    if not pending:
        return
    rows = {pk: [] for pk in pending}
    memberships = get_user_model().groups.through.objects.filter(user_id__in=list(pending))
    for user_id, pk, name in memberships.values_list("user_id", "group_id", "group__name"):
        rows[user_id].append((pk, name))
    for pk, user in pending.items():
        setattr(user, _GROUPS_ATTR, tuple(rows[pk]))


def forget_group_memberships(user):
    """Drop the memberships remembered on this user object (its groups changed)."""
    with contextlib.suppress(AttributeError):
        delattr(user, _GROUPS_ATTR)


def roles_of(user):
    """Return the roles a user holds through group membership, highest first."""
    if not user.is_authenticated:
        return []
    names = {name for _pk, name in group_memberships(user)}
    held = [role for role in ROLE_PRECEDENCE if GROUP_NAMES[role] in names]
    if user.is_superuser and ADMINISTRATOR not in held:
        held.insert(0, ADMINISTRATOR)
    return held


def primary_role(user):
    """Return the highest role a user holds, or None for a member without a role."""
    held = roles_of(user)
    return held[0] if held else None


def requires_two_factor(user):
    """Return whether this user's roles oblige them to enrol in two-factor authentication."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(role in TWO_FACTOR_ROLES for role in roles_of(user))


def _create_permissions(apps):
    """Create the auth permissions of every installed app, which Django otherwise only does after migrating."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)


def ensure_roles(apps=None):
    """Create the role groups and grant their permissions; safe to run any number of times."""
    if apps is None:
        apps = global_apps
    _create_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {role: Group.objects.get_or_create(name=GROUP_NAMES[role])[0] for role in ROLES}
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    library = Page.objects.filter(content_type__app_label="library", content_type__model="libraryindexpage").first()
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    def page_permission(codename):
        return Permission.objects.filter(content_type__app_label="wagtailcore", codename=f"{codename}_page").first()

    def grant_pages(group, page, codenames):
        if page is None:
            return
        for codename in codenames:
            permission = page_permission(codename)
            if permission is not None:
                GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)

    def grant_collection(group, pairs):
        if root_collection is None:
            return
        for app_label, codename in pairs:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )

    editors = groups[EDITOR]
    if access_admin is not None:
        editors.permissions.add(access_admin)
    grant_pages(editors, library, EDITOR_PAGE_PERMISSIONS)
    grant_collection(editors, EDITOR_COLLECTION_PERMISSIONS)
    for app_label, codename in EDITOR_MODEL_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            editors.permissions.add(permission)

    moderate = Permission.objects.filter(
        content_type__app_label=FORUM_MODERATE_PERMISSION[0], codename=FORUM_MODERATE_PERMISSION[1]
    ).first()
    if moderate is not None:
        groups[MODERATOR].permissions.add(moderate)
        groups[ADMINISTRATOR].permissions.add(moderate)

    admins = groups[ADMINISTRATOR]
    admins.permissions.add(*Permission.objects.all())
    grant_pages(admins, root_page, [codename for codename, *_ in PAGE_PERMISSION_TYPES])
    collection_pairs = Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"]
    ).values_list("content_type__app_label", "codename")
    grant_collection(admins, list(collection_pairs))
    return groups


def create_member(
    email,
    *,
    role,
    country_code,
    agency="",
    position="",
    password=None,
    approved=True,
    name="",
    two_factor=False,
    **profile,
):
    """Create an active user with a verified email, a member profile and the given role; return the user.

    With two_factor=True the user is enrolled in TOTP and the base32 secret is left on the returned user as
    `totp_secret` (None otherwise). Left unenrolled, a member of a privileged role is asked to enrol at their
    first sign-in (the right thing for demo accounts whose owners scan the QR code themselves).
    """
    group = role_group(role) if role else None
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    username = email.lower() if len(email) <= 150 else email.lower()[:150]
    first, _space, last = name.strip().partition(" ")
    user = User(username=username, email=email, first_name=first[:150], last_name=last[:150])
    user.is_superuser = role == ADMINISTRATOR
    user.is_staff = role == ADMINISTRATOR
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    if group is not None:
        user.groups.add(group)
    country = None
    if country_code:
        country = country_by_code(country_code)
    member, _created = Member.objects.update_or_create(
        user=user,
        defaults={
            "country": country,
            "agency": agency,
            "position": position,
            "status": MemberStatus.APPROVED if approved else MemberStatus.PENDING,
            **profile,
        },
    )
    user.member = member
    user.totp_secret = None
    if two_factor:
        from accounts.twofactor import enrol_totp  # accounts.twofactor imports this module (requires_two_factor)

        user.totp_secret = enrol_totp(user)
    if global_apps.is_installed("allauth.account"):
        EmailAddress = global_apps.get_model("account", "EmailAddress")
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user
