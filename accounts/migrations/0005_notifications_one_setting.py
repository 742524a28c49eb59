from django.db import migrations, models


class Migration(migrations.Migration):
    """The member's email preference is the only one (the forum's copy moves here); new members get email at once."""

    dependencies = [("accounts", "0004_invitation_permissions")]

    operations = [
        migrations.AlterField(
            model_name="member",
            name="notifications",
            field=models.CharField(
                choices=[
                    ("immediately", "Email me immediately"),
                    ("daily", "Email me a daily digest"),
                    ("off", "Don't email me"),
                ],
                default="immediately",
                help_text="For forum replies, mentions and threads you follow.",
                max_length=12,
                verbose_name="email notifications",
            ),
        ),
    ]
