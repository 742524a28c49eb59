"""Load the illustrative demo library and demo members; running it again changes nothing."""

import base64
import binascii
import os

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from library.demo.loader import DemoContentRefused, ensure_home_notice, load_pages
from library.demo.members import ensure_members


class Command(BaseCommand):
    help = (
        "Create the illustrative demo library (case studies, methods, resources in five languages) and one demo "
        "member per role, then print how to sign in. Passwords come from DEMO_PASSWORD or are generated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give existing demo members new passwords (DEMO_PASSWORD or generated) and print them.",
        )

    def handle(self, *args, reset_passwords=False, **options):
        if os.environ.get("DEMO_PASSWORD"):
            try:
                validate_password(os.environ["DEMO_PASSWORD"])
            except ValidationError as error:
                raise CommandError("DEMO_PASSWORD is not accepted: " + " ".join(error.messages)) from error
        secret = os.environ.get("DEMO_TOTP_SECRET", "").strip().upper()
        if secret:
            try:
                base64.b32decode(secret, casefold=True)
            except binascii.Error as error:
                raise CommandError(
                    "DEMO_TOTP_SECRET must be a base32 string, like an authenticator app's key."
                ) from error
        ensure_home_notice()
        try:
            created, present, restricted = load_pages()
        except DemoContentRefused as refused:
            raise CommandError(
                f"The demo content has lines the importer refuses; nothing was loaded.\n{refused}"
            ) from refused
        self.stdout.write(
            f"Demo library: {created} page(s) created, {present} already present, {restricted} restricted."
        )
        rows = ensure_members(reset_passwords=reset_passwords)
        call_command("load_forum_demo", stdout=self.stdout)
        call_command("load_workshops_demo", stdout=self.stdout)
        self.print_table(rows)

    def print_table(self, rows):
        """Print each demo member's email, role, password, country and language, and authenticator key."""
        width = max(len(row.member.email) for row in rows)
        unchanged = "(unchanged)"
        self.stdout.write("")
        self.stdout.write(f"Sign in at {settings.LOGIN_URL} as:")
        self.stdout.write(
            f"  {'email'.ljust(width)}  {'role'.ljust(18)}  {'password'.ljust(24)}  country/language  authenticator key"
        )
        for row in rows:
            member = row.member
            place = f"{member.country_code} {member.ui_language}"
            self.stdout.write(
                f"  {member.email.ljust(width)}  {member.label.ljust(18)}  {(row.password or unchanged).ljust(24)}  "
                f"{place.ljust(16)}  {row.totp_secret or '-'}"
            )
        if any(row.totp_secret for row in rows):
            self.stdout.write(
                "Officers and above sign in with a code from an authenticator app (any TOTP app): add the key above, "
                "or open its otpauth:// link below on the phone. `manage.py demo_code EMAIL` prints the current code."
            )
            for row in rows:
                if row.totp_url:
                    self.stdout.write(f"  {row.totp_url}")
        if any(row.password is None for row in rows):
            self.stdout.write(
                "Passwords are printed only when set. `manage.py load_demo_content --reset-passwords` sets new ones "
                "and new authenticator keys (DEMO_PASSWORD and DEMO_TOTP_SECRET choose them)."
            )
