from django.db import migrations

BOARD_PERMISSIONS = ("add_board", "change_board", "delete_board", "view_board")


def grant(apps, schema_editor):
    """Give moderators and administrators forum.moderate, and editors the right to manage boards."""
    from accounts.roles import EDITOR, GROUP_NAMES, ensure_roles

    ensure_roles(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=GROUP_NAMES[EDITOR]).first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="forum", codename__in=BOARD_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
