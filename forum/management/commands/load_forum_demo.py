from django.core.management.base import BaseCommand

from forum import demo


class Command(BaseCommand):
    help = "Load fictional forum boards and discussions in five languages (safe to run again)."

    def handle(self, *args, **options):
        demo.load(stdout=self.stdout)
        from forum.search_index import reindex_all

        self.stdout.write(f"Indexed {reindex_all()} forum documents for search.")
