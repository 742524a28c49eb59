"""Grant the invitation permissions that the role groups need now that invitations exist."""

from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_invitations_audit")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
