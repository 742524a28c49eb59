from django.core.management.base import BaseCommand

from accounts.roles import GROUP_NAMES, ensure_roles


class Command(BaseCommand):
    help = "Create the role groups (participant, officer, moderator, editor, focal point, administrator) and their permissions."

    def handle(self, *args, **options):
        ensure_roles()
        for role, name in GROUP_NAMES.items():
            self.stdout.write(f"{role}: {name}")
        self.stdout.write(self.style.SUCCESS("Role groups are in place."))
