"""Demo members, one for each role plus a pending applicant, created through accounts.roles."""

import os
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

DEMO_DOMAIN = "demo.frontline.invalid"


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


def demo_members():
    """Return the demo members: one per role that accounts.roles defines, then a pending applicant."""
    from accounts import roles

    details = {
        roles.PARTICIPANT: ("KH", "Provincial police training unit (illustrative)", "Workshop participant"),
        roles.OFFICER: ("TH", "Immigration checkpoint (illustrative)", "Screening officer"),
        roles.MODERATOR: ("LA", "Anti-trafficking department (illustrative)", "Forum moderator"),
        roles.EDITOR: ("VN", "Border guard command (illustrative)", "Library editor"),
        roles.FOCAL_POINT: ("KH", "National anti-trafficking committee (illustrative)", "Country focal point"),
        roles.ADMINISTRATOR: ("TH", "Exchange secretariat (illustrative)", "Site administrator"),
    }
    members = [
        DemoMember(f"{role.replace('_', '-')}@{DEMO_DOMAIN}", role, *details.get(role, ("TH", "", "")))
        for role in roles.ROLES
    ]
    members.append(
        DemoMember(
            f"applicant@{DEMO_DOMAIN}", None, "VN", "Provincial police (illustrative)", "Investigator", approved=False
        )
    )
    return members


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
    totp_secret: str | None  # None when the role needs no second factor or the secret is unchanged
    needs_two_factor: bool


def ensure_members(reset_passwords=False, env=os.environ):
    """Create missing demo members (with an authenticator app enrolled where the role requires one).

    Return a SignIn row per member; passwords and secrets appear only when this run set them.
    """
    from accounts.roles import create_member, ensure_roles, requires_two_factor
    from accounts.twofactor import enrol_totp, has_two_factor

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
                name="",
            )
        elif reset_passwords or (wanted_password and not user.check_password(wanted_password)):
            password = demo_password(member, env)
            user.set_password(password)
            user.save(update_fields=["password"])
        elif wanted_password:
            password = wanted_password
        secret = None
        needs_two_factor = requires_two_factor(user)
        if needs_two_factor and (reset_passwords or not has_two_factor(user)):
            secret = enrol_totp(user, wanted_secret)
        elif needs_two_factor and wanted_secret:
            secret = wanted_secret
        rows.append(SignIn(member, password, secret, needs_two_factor))
    return rows
