"""Links in emails lead to the public address of the site that sends them, in production too."""

from tests.library.test_production_settings import DEPLOY_ENV, manage

SHOW = "from django.conf import settings; print(settings.SITE_URL, settings.WAGTAILADMIN_BASE_URL)"


def test_production_links_lead_to_the_first_allowed_host_over_https():
    result = manage("shell", "-c", SHOW, **DEPLOY_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["https://frontline.example", "https://frontline.example"]


def test_a_site_url_given_in_production_wins():
    result = manage("shell", "-c", SHOW, **DEPLOY_ENV, SITE_URL="https://exchange.example.org/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["https://exchange.example.org", "https://exchange.example.org"]
