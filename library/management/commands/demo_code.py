"""Print the current authenticator code of demo members, for trying the site without an authenticator app."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.twofactor import totp_code
from library.demo.members import DEMO_DOMAIN, current_totp_secret


class Command(BaseCommand):
    help = f"Print the current six-digit sign-in code of a demo member (…@{DEMO_DOMAIN}), or of all of them."

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="*", help=f"demo members' emails (default: every …@{DEMO_DOMAIN})")

    def handle(self, *args, emails=(), **options):
        users = get_user_model().objects.filter(email__iendswith=f"@{DEMO_DOMAIN}").order_by("pk")
        if emails:
            users = users.filter(email__in=emails)
            missing = set(emails) - set(users.values_list("email", flat=True))
            if missing:
                raise CommandError(f"Not a demo member: {', '.join(sorted(missing))}")
        for user in users:
            secret = current_totp_secret(user)
            if secret:
                self.stdout.write(f"{user.email}  {totp_code(secret)}")
