"""Create the case study review workflow (anonymization review, then editorial approval) on the library."""

from django.db import migrations

WORKFLOW_NAME = "Case study review"
EDITORS = "Library editors"
ADMINISTRATORS = "Administrators"


def create_workflow(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ReviewTask = apps.get_model("safety", "ReviewTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    task_type, _ = ContentType.objects.get_or_create(app_label="safety", model="reviewtask")

    def task(name, groups):
        item = ReviewTask.objects.filter(name=name).first()
        if item is None:
            item = ReviewTask.objects.create(name=name, content_type=task_type, requires_clear_check=True)
        item.groups.set(groups)
        return item

    anonymization = task("Anonymization review", [editors])
    editorial = task("Editorial approval", [editors, administrators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, item in enumerate((anonymization, editorial)):
        WorkflowTask.objects.update_or_create(workflow=workflow, task=item, defaults={"sort_order": order})
    library = Page.objects.filter(content_type__app_label="library", content_type__model="libraryindexpage").first()
    if library is not None:
        WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})

    create_permissions(global_apps.get_app_config("safety"), verbosity=0, apps=apps)
    codenames = [f"{action}_watchedname" for action in ("add", "change", "delete", "view")]
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="safety", codename__in=codenames))


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0001_initial"),
        ("accounts", "0004_invitation_permissions"),
        ("library", "0005_listing_version"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
