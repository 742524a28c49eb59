"""Create the workshops index at /workshops/ and let editors and focal points run workshops and question banks."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINER_GROUPS = ("Library editors", "Country focal points")
PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
MODEL_PERMISSIONS = [
    (model, action)
    for model in ("curriculum", "question")
    for action in ("add", "change", "delete", "view")
]


def create_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("library.HomePage")
    WorkshopIndexPage = apps.get_model("workshops.WorkshopIndexPage")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")

    home = HomePage.objects.first()
    if home is None or WorkshopIndexPage.objects.exists():
        return
    index_type, _ = ContentType.objects.get_or_create(app_label="workshops", model="workshopindexpage")
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    position = int(last[-4:], 36) + 1 if last else 1
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    step = ""
    for _i in range(4):
        position, remainder = divmod(position, 36)
        step = digits[remainder] + step
    index = WorkshopIndexPage.objects.create(
        title="Workshops",
        draft_title="Workshops",
        slug="workshops",
        content_type=index_type,
        path=f"{home.path}{step}",
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}workshops/",
        locale=home.locale if home.locale_id else Locale.objects.first(),
        live=True,
        intro="<p>Training workshops for frontline officers: what they teach, and for participants their materials and tests.</p>",
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())

    create_permissions(global_apps.get_app_config("workshops"), verbosity=0, apps=apps)
    for name in TRAINER_GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=f"{codename}_page"
            ).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)
        for model, action in MODEL_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label="workshops", codename=f"{action}_{model}"
            ).first()
            if permission is not None:
                group.permissions.add(permission)
    administrators = Group.objects.filter(name="Administrators").first()
    if administrators is not None:
        administrators.permissions.add(*Permission.objects.filter(content_type__app_label="workshops"))


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_initial"),
        ("library", "0002_site_structure"),
        ("accounts", "0005_notifications_one_setting"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_index, migrations.RunPython.noop)]
