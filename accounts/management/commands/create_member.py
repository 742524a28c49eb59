import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.countries import all_countries, country_codes
from accounts.roles import ROLES, create_member


class Command(BaseCommand):
    help = (
        "Create an approved member with a role, for example the first administrator. Asks for the password; "
        "members of privileged roles enrol in two-factor authentication at their first sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", choices=ROLES, required=True)
        parser.add_argument("--country", required=True, help="ISO code of the member's country, e.g. KH.")
        parser.add_argument("--name", default="")
        parser.add_argument("--agency", default="")
        parser.add_argument("--position", default="")
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="Create the account without a password; the member sets one through 'Forgot your password?'.",
        )

    def handle(self, *args, email, role, country, name, agency, position, no_password, **options):
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with the email {email} already exists.")
        if not all_countries().filter(code=country.upper()).exists():
            codes = ", ".join(country_codes())
            raise CommandError(f"Unknown country {country!r}; expected one of {codes}.")
        password = None
        if not no_password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
            try:
                validate_password(password)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        user = create_member(
            email, role=role, country_code=country, agency=agency, position=position, password=password, name=name
        )
        self.stdout.write(self.style.SUCCESS(f"Created {user.email} as {role}."))
