"""Member-facing Django strings that Django's own Thai or Vietnamese catalog lacks, marked for the site's catalogs.

Password rules, form errors, "3 days ago" and the CSRF failure page: Django 5.2 reworded these (curly quotes,
%(num)d) and its th and vi catalogs were not updated, so they would show in English. The strings are Django's msgids,
unchanged; tests/site/test_translations.py checks that Django still uses each of them. Never imported.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, npgettext_lazy

DJANGO_MESSAGES = (
    # contrib/auth/forms.py
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
    # contrib/auth/password_validation.py
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
    ),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    # core/validators.py
    gettext_noop("Enter a valid integer."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    ),
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),
    gettext_noop("Null characters are not allowed."),
    # db/models/fields/__init__.py
    gettext_noop("Value %(value)r is not a valid choice."),
    # forms/fields.py
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
    ),
    gettext_noop("Enter a complete value."),
    # forms/models.py
    gettext_noop("“%(pk)s” is not a valid value."),
    # utils/timesince.py
    ngettext_lazy("%(num)d year", "%(num)d years"),
    ngettext_lazy("%(num)d month", "%(num)d months"),
    ngettext_lazy("%(num)d week", "%(num)d weeks"),
    ngettext_lazy("%(num)d day", "%(num)d days"),
    ngettext_lazy("%(num)d hour", "%(num)d hours"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes"),
    # views/csrf.py
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
    gettext_noop(
        "You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    gettext_noop(
        "If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests."
    ),
    gettext_noop(
        'If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'
    ),
    gettext_noop(
        "You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    gettext_noop(
        "If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests."
    ),
    gettext_noop("More information is available with DEBUG=True."),
    # contrib/humanize/templatetags/humanize.py
    gettext_noop("%(delta)s ago"),
    gettext_noop("%(delta)s from now"),
    npgettext_lazy("naturaltime-past", "%(num)d year", "%(num)d years"),
    npgettext_lazy("naturaltime-past", "%(num)d month", "%(num)d months"),
    npgettext_lazy("naturaltime-past", "%(num)d week", "%(num)d weeks"),
    npgettext_lazy("naturaltime-past", "%(num)d day", "%(num)d days"),
    npgettext_lazy("naturaltime-past", "%(num)d hour", "%(num)d hours"),
    npgettext_lazy("naturaltime-past", "%(num)d minute", "%(num)d minutes"),
    npgettext_lazy("naturaltime-future", "%(num)d year", "%(num)d years"),
    npgettext_lazy("naturaltime-future", "%(num)d month", "%(num)d months"),
    npgettext_lazy("naturaltime-future", "%(num)d week", "%(num)d weeks"),
    npgettext_lazy("naturaltime-future", "%(num)d day", "%(num)d days"),
    npgettext_lazy("naturaltime-future", "%(num)d hour", "%(num)d hours"),
    npgettext_lazy("naturaltime-future", "%(num)d minute", "%(num)d minutes"),
)
