"""Security headers on every response: the Content-Security-Policy of the area a path is in, and Permissions-Policy."""

from csp.middleware import CSPMiddleware
from django.conf import settings


def area_directives(path):
    """Return the CSP directives for this path: an area's own (admin, served files) or None for the site's policy."""
    for prefixes, directives in settings.CONTENT_SECURITY_POLICY_AREAS:
        if path.startswith(prefixes):
            return directives
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware sending the public policy, or the policy of the area the request is in."""

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            return response  # Wagtail's preview renders a page inside an admin request, which sends the admin policy
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None:
            parts.config = area_directives(request.path_info)
        return parts


def permissions_policy_header(features):
    """Return a Permissions-Policy header value: each feature with its allowed origins, () for none."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


class PermissionsPolicyMiddleware:
    """Turn off the browser features the site never uses (camera, microphone, location…) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
