"""Let editors name the taxonomy in every language (the role groups get the taxonomy's change permissions)."""

from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("library", "0007_taxonomy_translations"), ("accounts", "0005_notifications_one_setting")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
