"""Create the role groups with their Wagtail permissions; drop Wagtail's unused default groups."""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]


def create_roles(apps, schema_editor):
    from accounts.roles import ensure_roles

    Group = apps.get_model("auth", "Group")
    # Wagtail's starter groups would sit beside the role groups with publishing rights over the whole site.
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("library", "0002_site_structure"),
        ("wagtailcore", "__latest__"),
        ("wagtailadmin", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtaildocs", "__latest__"),
        ("auth", "__latest__"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
