"""Let editors keep the search glossary (the role groups get its permissions)."""

from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_glossary"), ("accounts", "0004_invitation_permissions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
