"""Move the forum's copy of the email preference onto the member profile, then drop it.

The forum's value wins where a member has one: it is what the site acted on (which emails were sent, what the
one-click unsubscribe link set). Members without a forum profile keep the value their profile page showed; the
forum has never emailed them.
"""

from django.db import migrations

FORUM_TO_MEMBER = {"immediate": "immediately", "daily": "daily", "never": "off"}
MEMBER_TO_FORUM = {value: key for key, value in FORUM_TO_MEMBER.items()}


def forum_choice_to_member(apps, schema_editor):
    ForumProfile = apps.get_model("forum", "ForumProfile")
    Member = apps.get_model("accounts", "Member")
    for user_id, mode in ForumProfile.objects.values_list("user_id", "email_mode"):
        Member.objects.update_or_create(
            user_id=user_id, defaults={"notifications": FORUM_TO_MEMBER.get(mode, "immediately")}
        )


def member_choice_to_forum(apps, schema_editor):
    ForumProfile = apps.get_model("forum", "ForumProfile")
    Member = apps.get_model("accounts", "Member")
    for user_id, choice in Member.objects.values_list("user_id", "notifications"):
        ForumProfile.objects.filter(user_id=user_id).update(email_mode=MEMBER_TO_FORUM.get(choice, "immediate"))


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0003_private_media_storage"),
        ("accounts", "0005_notifications_one_setting"),
    ]

    operations = [
        migrations.RunPython(forum_choice_to_member, member_choice_to_forum),
        migrations.RemoveField(model_name="forumprofile", name="email_mode"),
    ]
