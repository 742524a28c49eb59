"""One client address for lockout, rate limits and the audit log: the trusted proxy's, never the client's say-so."""

from allauth.account.adapter import get_adapter
from axes.helpers import get_client_ip_address
from axes.utils import reset
from django.core.cache import cache
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings

from accounts.client_address import client_address
from accounts.models import AuditEvent
from accounts.roles import PARTICIPANT
from tests.factories.accounts import PASSWORD, create_user

LOGIN = "/accounts/login/"


def request_from(remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


class ClientAddressTests(SimpleTestCase):
    @override_settings(TRUSTED_PROXY_COUNT=0)
    def test_without_a_trusted_proxy_the_header_is_ignored(self):
        self.assertEqual(client_address(request_from("198.51.100.7", "203.0.113.1")), "198.51.100.7")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_the_address_it_appended_counts(self):
        self.assertEqual(client_address(request_from("127.0.0.1", "203.0.113.9")), "203.0.113.9")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_a_client_cannot_choose_its_address_by_sending_the_header_itself(self):
        spoofed = request_from("127.0.0.1", "10.0.0.1, 192.0.2.44 , 203.0.113.9")
        self.assertEqual(client_address(spoofed), "203.0.113.9")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_behind_two_proxies_the_outer_proxy_entry_counts(self):
        self.assertEqual(client_address(request_from("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.1.1")), "203.0.113.9")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_a_missing_or_malformed_header_falls_back_to_the_connection(self):
        self.assertEqual(client_address(request_from("127.0.0.1")), "127.0.0.1")
        self.assertEqual(client_address(request_from("127.0.0.1", "not-an-address")), "127.0.0.1")
        self.assertEqual(client_address(request_from("127.0.0.1", "2001:DB8::1")), "2001:db8::1")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_lockout_and_rate_limits_use_the_same_address(self):
        request = request_from("127.0.0.1", "192.0.2.1, 203.0.113.9")
        self.assertEqual(get_client_ip_address(request), "203.0.113.9")
        self.assertEqual(get_adapter(request).get_client_ip(request), "203.0.113.9")


@override_settings(TRUSTED_PROXY_COUNT=1)
class BehindTheProxyTests(TestCase):
    """Everyone reaches the site from the proxy's 127.0.0.1; their own address is in X-Forwarded-For."""

    def setUp(self):
        cache.clear()
        reset()

    def post(self, email, password, forwarded):
        return self.client.post(
            LOGIN, {"login": email, "password": password}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        )

    def test_a_lockout_at_one_client_address_leaves_the_others_signing_in(self):
        member = create_user(PARTICIPANT)
        for _ in range(10):
            self.post(member.email, "wrong password", "203.0.113.9")
        self.assertEqual(self.post(member.email, PASSWORD, "203.0.113.9").status_code, 429)
        self.assertEqual(self.post(member.email, PASSWORD, "198.51.100.20").status_code, 302)

    def test_a_spoofed_left_part_does_not_escape_the_lockout(self):
        member = create_user(PARTICIPANT)
        for n in range(10):
            self.post(member.email, "wrong password", f"10.0.0.{n}, 203.0.113.9")
        self.assertEqual(self.post(member.email, PASSWORD, "10.9.9.9, 203.0.113.9").status_code, 429)

    def test_the_audit_log_records_the_client_address(self):
        member = create_user(PARTICIPANT)
        self.post(member.email, "wrong password", "203.0.113.9")
        self.post(member.email, PASSWORD, "198.51.100.20")
        self.assertEqual(
            list(AuditEvent.objects.filter(username=member.email).order_by("pk").values_list("event", "ip_address")),
            [("sign_in_failed", "203.0.113.9"), ("sign_in", "198.51.100.20")],
        )
