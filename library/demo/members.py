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


def ensure_members(reset_passwords=False, env=os.environ):
    """Create missing demo members; return rows of (member, password or None when unchanged, created)."""
    from accounts.roles import create_member, ensure_roles

    ensure_roles()
    User = get_user_model()
    wanted_password = env.get("DEMO_PASSWORD", "")
    rows = []
    for member in demo_members():
        user = User.objects.filter(email__iexact=member.email).first()
        if user is None:
            password = demo_password(member, env)
            create_member(
                member.email,
                role=member.role,
                country_code=member.country_code,
                agency=member.agency,
                position=member.position,
                password=password,
                approved=member.approved,
                name="",
            )
            rows.append((member, password, True))
        elif reset_passwords or (wanted_password and not user.check_password(wanted_password)):
            password = demo_password(member, env)
            user.set_password(password)
            user.save(update_fields=["password"])
            rows.append((member, password, False))
        else:
            rows.append((member, wanted_password or None, False))
    return rows
