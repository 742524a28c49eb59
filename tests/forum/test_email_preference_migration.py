"""The migration that leaves one email preference keeps the choice each member had."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("forum", "0003_private_media_storage"), ("accounts", "0005_notifications_one_setting")]


@pytest.mark.browser  # migrates the database back and forth, committing: run apart from the others
@pytest.mark.migrates
@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_choice_the_site_acted_on():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User, Member, ForumProfile = (
        old.get_model(*name.split(".")) for name in ("auth.User", "accounts.Member", "forum.ForumProfile")
    )

    def member(name, choice, forum_mode=None):
        user = User.objects.create(username=name, email=f"{name}@example.org")
        Member.objects.create(user=user, notifications=choice)
        if forum_mode:
            ForumProfile.objects.create(user=user, handle=name, email_mode=forum_mode)
        return user.pk

    # The reported member: the profile said "daily digest", the forum (which sent the email) "at once".
    reported = member("reported", "daily", "immediate")
    unsubscribed = member("unsubscribed", "immediately", "never")
    digest = member("digest", "off", "daily")
    never_posted = member("never_posted", "daily")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from accounts.models import Member as CurrentMember

    choices = dict(CurrentMember.objects.values_list("user_id", "notifications"))
    assert choices[reported] == "immediately"
    assert choices[unsubscribed] == "off"
    assert choices[digest] == "daily"
    assert choices[never_posted] == "daily"
