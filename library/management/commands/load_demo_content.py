"""Load the illustrative demo library and demo members; running it again changes nothing."""

import os

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import officer_groups
from library.demo.loader import ensure_home_notice, load_pages
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
        ensure_home_notice()
        created, present, restricted = load_pages(list(officer_groups()))
        self.stdout.write(
            f"Demo library: {created} page(s) created, {present} already present, {restricted} restricted."
        )
        rows = ensure_members(reset_passwords=reset_passwords)
        call_command("load_forum_demo", stdout=self.stdout)
        self.print_table(rows)

    def print_table(self, rows):
        """Print the email, role and password of each demo member."""
        width = max(len(member.email) for member, _password, _created in rows)
        self.stdout.write("")
        self.stdout.write(f"Sign in at {settings.LOGIN_URL} as:")
        self.stdout.write(f"  {'email'.ljust(width)}  {'role'.ljust(18)}  password")
        unknown = False
        for member, password, _created in rows:
            if password is None:
                unknown = True
                shown = "(unchanged, printed when first set)"
            else:
                shown = password
            self.stdout.write(f"  {member.email.ljust(width)}  {member.label.ljust(18)}  {shown}")
        if unknown:
            self.stdout.write(
                "Forgot a password? Run `manage.py load_demo_content --reset-passwords` "
                "(set DEMO_PASSWORD to choose one)."
            )
