"""Each board keeps the forum home's figures (forum.counters); filled here from the threads already written."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Sum


def count_boards(apps, schema_editor):
    Board = apps.get_model("forum", "Board")
    Thread = apps.get_model("forum", "Thread")
    for pk in Board.objects.values_list("pk", flat=True):
        published = Thread.objects.filter(board_id=pk, status="published")
        totals = published.aggregate(threads=Count("pk"), posts=Sum("post_count"))
        latest = published.order_by("-last_post_at", "-pk").values("pk", "last_post_at").first() or {}
        Board.objects.filter(pk=pk).update(
            thread_count=totals["threads"],
            post_count=totals["posts"] or 0,
            last_post_at=latest.get("last_post_at"),
            latest_thread_id=latest.get("pk"),
        )


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0004_email_preference_on_member'),
    ]

    operations = [
        migrations.AddField(
            model_name='board',
            name='last_post_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='board',
            name='latest_thread',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='forum.thread'),
        ),
        migrations.AddField(
            model_name='board',
            name='post_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='board',
            name='thread_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_boards, migrations.RunPython.noop),
    ]
