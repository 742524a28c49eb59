"""Demo members, one for each role plus a pending applicant, created through accounts.roles."""

import os
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

DEMO_DOMAIN = "demo.frontline.invalid"


# The interface language of each country's members, so that their stories read in their language.
COUNTRY_LANGUAGES = {"KH": "km", "LA": "lo", "TH": "th", "VN": "vi"}


@dataclass(frozen=True)
class DemoMember:
    email: str
    role: str | None
    country_code: str
    agency: str
    position: str
    approved: bool = True

    @property
    def label(self):
        """Return what this member demonstrates, for the sign-in table."""
        if not self.approved:
            return "pending applicant"
        return self.role.replace("_", " ")

    @property
    def name(self):
        """Return the demo account's display name, e.g. "Demo officer (LA)" (the profile form needs one)."""
        return f"Demo {self.label} ({self.country_code})"

    @property
    def ui_language(self):
        """Return the interface language of this member's country."""
        return COUNTRY_LANGUAGES[self.country_code]


def demo_members():
    """Return the demo members: an officer and a focal point per country, one of each other role, an applicant."""
    from accounts import roles

    def member(local, role, country, agency, position, **kwargs):
        return DemoMember(f"{local}@{DEMO_DOMAIN}", role, country, agency, position, **kwargs)

    return [
        member(
            "participant",
            roles.PARTICIPANT,
            "KH",
            "Provincial police training unit (illustrative)",
            "Workshop participant",
        ),
        member("officer", roles.OFFICER, "TH", "Immigration checkpoint (illustrative)", "Screening officer"),
        member("officer-kh", roles.OFFICER, "KH", "Immigration police, Poipet (illustrative)", "Border officer"),
        member("officer-la", roles.OFFICER, "LA", "Police, Savannakhet (illustrative)", "Police investigator"),
        member(
            "officer-vn", roles.OFFICER, "VN", "Border guard station, Lào Cai (illustrative)", "Border guard officer"
        ),
        member("moderator", roles.MODERATOR, "LA", "Anti-trafficking department (illustrative)", "Forum moderator"),
        member("editor", roles.EDITOR, "VN", "Border guard command (illustrative)", "Library editor"),
        member(
            "focal-point",
            roles.FOCAL_POINT,
            "KH",
            "National anti-trafficking committee (illustrative)",
            "Country focal point",
        ),
        member(
            "focal-point-la",
            roles.FOCAL_POINT,
            "LA",
            "Anti-trafficking department (illustrative)",
            "Country focal point",
        ),
        member(
            "focal-point-th", roles.FOCAL_POINT, "TH", "Anti-trafficking division (illustrative)", "Country focal point"
        ),
        member(
            "focal-point-vn", roles.FOCAL_POINT, "VN", "Anti-trafficking office (illustrative)", "Country focal point"
        ),
        member("administrator", roles.ADMINISTRATOR, "TH", "Exchange secretariat (illustrative)", "Site administrator"),
        member("applicant", None, "VN", "Provincial police (illustrative)", "Investigator", approved=False),
    ]


def demo_password(member, env=os.environ):
    """Return the password for a demo member: DEMO_PASSWORD if set (validated), else a new random one."""
    password = env.get("DEMO_PASSWORD", "")
    if password:
        validate_password(password)
        return password
    return secrets.token_urlsafe(12)


@dataclass(frozen=True)
class SignIn:
    member: DemoMember
    password: str | None  # None when unchanged since it was printed
    totp_secret: str | None  # the authenticator key of a member whose role needs a second factor, else None
    totp_url: str | None  # the same key as an otpauth:// link that authenticator apps open


def current_totp_secret(user):
    """Return the base32 key of the user's enrolled authenticator app, or None."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import decrypt

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(authenticator.data["secret"]) if authenticator else None


def _settle_profile(user, member):
    """Give an existing demo account what the stories need (confirmed email, language, country); save only changes."""
    from allauth.account.models import EmailAddress
    from django.apps import apps

    profile = user.member
    wanted = {"ui_language": member.ui_language}
    if profile.country_id is None:
        wanted["country"] = apps.get_model("library", "Country").objects.get(code=member.country_code)
    if not profile.agency:
        wanted["agency"] = member.agency
    changed = [field for field, value in wanted.items() if getattr(profile, field) != value]
    if changed:
        for field in changed:
            setattr(profile, field, wanted[field])
        profile.save(update_fields=changed)
    if not user.first_name:
        user.first_name, _space, user.last_name = member.name.partition(" ")
        user.save(update_fields=["first_name", "last_name"])
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


def ensure_members(reset_passwords=False, env=os.environ):
    """Create missing demo members (with an authenticator app enrolled where the role requires one).

    Return a SignIn row per member; passwords appear only when this run set them, authenticator keys always.
    """
    from allauth.mfa.adapter import get_adapter as get_mfa_adapter

    from accounts.roles import create_member, ensure_roles, requires_two_factor
    from accounts.twofactor import enrol_totp

    ensure_roles()
    User = get_user_model()
    wanted_password = env.get("DEMO_PASSWORD", "")
    wanted_secret = env.get("DEMO_TOTP_SECRET", "").strip().upper() or None
    rows = []
    for member in demo_members():
        user = User.objects.filter(email__iexact=member.email).first()
        password = None
        if user is None:
            password = demo_password(member, env)
            user = create_member(
                member.email,
                role=member.role,
                country_code=member.country_code,
                agency=member.agency,
                position=member.position,
                password=password,
                approved=member.approved,
                name=member.name,
                ui_language=member.ui_language,
            )
        elif reset_passwords or (wanted_password and not user.check_password(wanted_password)):
            password = demo_password(member, env)
            user.set_password(password)
            user.save(update_fields=["password"])
        elif wanted_password:
            password = wanted_password
        _settle_profile(user, member)
        secret = url = None
        if requires_two_factor(user):
            secret = current_totp_secret(user)
            if reset_passwords or secret is None or (wanted_secret and secret != wanted_secret):
                secret = enrol_totp(user, wanted_secret)
            url = get_mfa_adapter().build_totp_url(user, secret)
        rows.append(SignIn(member, password, secret, url))
    return rows
