"""The countries members work in, for the foundation's forms, admin views and commands.

The table is the library's taxonomy (library.Country: one list, with its names in every interface language);
accounts names it once, in the lazy "library.Country" reference of Member.country, which Django resolves when the
apps load. Everything here reaches the model through that field, so accounts imports nothing from the library.
"""

from accounts.models import Member


def country_model():
    """Return the model of the countries members work in (the model Member.country points at)."""
    return Member._meta.get_field("country").related_model


def all_countries():
    """Return every country in the taxonomy's order; their labels follow the active language."""
    return country_model().objects.all()


def country_by_code(code):
    """Return the country with this ISO code (any case); raise the model's DoesNotExist if there is none."""
    return country_model().objects.get(code=code.upper())


def country_codes():
    """Return the ISO codes of every country, in the taxonomy's order."""
    return list(all_countries().values_list("code", flat=True))
