"""Create the home page and the library at /library/, and the countries and crime types the region starts with."""

from django.db import migrations

COUNTRIES = [
    ("KH", "Cambodia", "កម្ពុជា", 10),
    ("LA", "Laos", "ລາວ", 20),
    ("TH", "Thailand", "ประเทศไทย", 30),
    ("VN", "Viet Nam", "Việt Nam", 40),
    ("MM", "Myanmar", "မြန်မာ", 50),
    ("CN", "China", "中国", 60),
    ("MY", "Malaysia", "Malaysia", 70),
]
CRIME_TYPES = [
    ("forced-labour", "Trafficking for forced labour"),
    ("sexual-exploitation", "Trafficking for sexual exploitation"),
    ("forced-marriage", "Trafficking for forced marriage"),
    ("scam-compounds", "Forced criminality in online scam compounds"),
    ("migrant-smuggling", "Smuggling of migrants"),
    ("document-fraud", "Document fraud"),
]
CHANNELS = [
    ("social-media", "Social media"),
    ("broker", "Broker"),
    ("family", "Family or acquaintance"),
    ("job-advert", "Job advertisement"),
    ("marriage-broker", "Marriage broker"),
    ("recruitment-agency", "Recruitment agency"),
]


def create_structure(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("library.HomePage")
    LibraryIndexPage = apps.get_model("library.LibraryIndexPage")
    Country = apps.get_model("library.Country")
    CrimeType = apps.get_model("library.CrimeType")
    RecruitmentChannel = apps.get_model("library.RecruitmentChannel")

    for code, name, local_name, order in COUNTRIES:
        Country.objects.get_or_create(code=code, defaults={"name": name, "local_name": local_name, "sort_order": order})
    for slug, name in CRIME_TYPES:
        CrimeType.objects.get_or_create(slug=slug, defaults={"name": name})
    for slug, name in CHANNELS:
        RecruitmentChannel.objects.get_or_create(slug=slug, defaults={"name": name})

    if HomePage.objects.exists():
        return
    locale = Locale.objects.first() or Locale.objects.create(language_code="en")
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    home_type, _ = ContentType.objects.get_or_create(app_label="library", model="homepage")
    index_type, _ = ContentType.objects.get_or_create(app_label="library", model="libraryindexpage")
    siblings = Page.objects.filter(depth=2).count()
    home = HomePage.objects.create(
        title="Frontline Exchange",
        draft_title="Frontline Exchange",
        slug="home",
        content_type=home_type,
        path=f"{root.path}{siblings + 1:04d}",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        live=True,
        intro=(
            "<p>A knowledge-sharing exchange for frontline border and law-enforcement officers of Cambodia, "
            "Laos, Thailand and Viet Nam who counter trafficking in persons and the smuggling of migrants.</p>"
        ),
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    LibraryIndexPage.objects.create(
        title="Library",
        draft_title="Library",
        slug="library",
        content_type=index_type,
        path=f"{home.path}0001",
        depth=3,
        numchild=0,
        url_path="/home/library/",
        locale=locale,
        live=True,
        intro="<p>Anonymized case studies, investigation methods and training resources from across the region.</p>",
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True, site_name="Frontline Exchange")


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_structure, migrations.RunPython.noop)]
