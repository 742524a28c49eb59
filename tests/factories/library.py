"""Build and create library pages for tests."""

from library.models import (
    CaseStudyCountry,
    CaseStudyPage,
    Country,
    CrimeType,
    LibraryIndexPage,
    MethodPage,
    ResourcePage,
)


def library_index():
    """Return the one library index page that the site structure migration creates."""
    return LibraryIndexPage.objects.get()


def build_case_study(
    *, countries=(("KH", "origin"), ("TH", "destination")), crimes=(), tags=(), related_methods=(), **fields
):
    """Return an unsaved case study with its countries, roles, crime types, tags and related methods."""
    fields.setdefault("title", "Recruited through a fake job advert")
    fields.setdefault("summary", "Workers were recruited online and held in a compound.")
    fields.setdefault("year", 2023)
    page = CaseStudyPage(**fields)
    page.country_roles = [
        CaseStudyCountry(country=Country.objects.get(code=code), role=role) for code, role in countries
    ]
    page.crime_types = list(CrimeType.objects.filter(slug__in=crimes))
    page.related_methods = list(related_methods)
    page.tags.add(*tags)
    return page


def create_case_study(parent=None, *, publish=True, **kwargs):
    """Create a case study under the library, published unless told otherwise."""
    page = build_case_study(**kwargs)
    (parent or library_index()).add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.unpublish() if page.live else None
    page.refresh_from_db()
    return page


def create_method(parent=None, *, countries=("TH",), crimes=(), tags=(), publish=True, **fields):
    """Create an investigation method under the library."""
    fields.setdefault("title", "Interviewing a suspected victim")
    fields.setdefault("summary", "A trauma-informed first interview.")
    fields.setdefault("purpose", "Establish the facts without harming the person interviewed.")
    page = MethodPage(**fields)
    page.countries = list(Country.objects.filter(code__in=countries))
    page.crime_types = list(CrimeType.objects.filter(slug__in=crimes))
    page.tags.add(*tags)
    (parent or library_index()).add_child(instance=page)
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def create_resource(parent=None, *, countries=("VN",), tags=(), publish=True, **fields):
    """Create a resource (a link unless a document is given) under the library."""
    fields.setdefault("title", "Victim identification guide")
    fields.setdefault("summary", "A field guide to indicators of trafficking.")
    if not fields.get("document"):
        fields.setdefault("link", "https://example.org/guide.pdf")
    page = ResourcePage(**fields)
    page.countries = list(Country.objects.filter(code__in=countries))
    page.tags.add(*tags)
    (parent or library_index()).add_child(instance=page)
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def create_admin(username=None):
    """Create a superuser enrolled in two-factor authentication, as privileged roles must be to use the admin."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    username = username or f"library-admin-{model.objects.count() + 1}"
    user = model.objects.create_superuser(username, f"{username}@example.org", "correct-horse-battery")
    try:
        from accounts.twofactor import enrol_totp
    except ImportError:  # two-factor enrolment not installed: nothing to enrol
        return user
    enrol_totp(user)
    return user
