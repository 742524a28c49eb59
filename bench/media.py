"""Time the access-checked file view against serving the same file with no check (Django's static serve).

Run: .venv/bin/python bench/media.py [--pages 400] [--restricted 40] [--repeat 200]
Prints median and p95 server time and queries per request: the baseline, a public image original and rendition, a
304 revalidation, a members-only rendition for a member, a refused request, and a public document.
"""

import argparse
import statistics
import sys
import time
import types

from _common import setup_scratch_django


def summary(durations, queries):
    durations = sorted(durations)
    p95 = durations[min(len(durations) - 1, int(len(durations) * 0.95))]
    return f"median {statistics.median(durations):6.2f} ms   p95 {p95:6.2f} ms   {queries:2d} queries"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--restricted", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=200)
    options = parser.parse_args()

    setup_scratch_django("frontline-bench-media-")
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import path
    from django.views.static import serve

    from accounts.roles import PARTICIPANT
    from frontline.urls import urlpatterns
    from library.models import LibraryDocument
    from tests.factories.accounts import create_user, restrict_to_members
    from tests.factories.library import create_case_study, create_resource, pdf_with_text
    from tests.library.test_media_access import create_image, image_body

    started = time.perf_counter()
    for n in range(options.pages):
        page = create_case_study(title=f"Bench case {n}", slug=f"bench-{n}")
        if n < options.restricted:
            restrict_to_members(page)
    public = create_image("Bench public map")
    create_case_study(title="Bench public case", slug="bench-public", body=image_body(public))
    private = create_image("Bench members map")
    restrict_to_members(create_case_study(title="Bench members case", slug="bench-members", body=image_body(private)))
    document = LibraryDocument.objects.create(title="Bench leaflet", file=pdf_file(pdf_with_text("Bench leaflet")))
    create_resource(title="Bench leaflet page", slug="bench-leaflet", document=document)
    member = create_user(PARTICIPANT)
    print(f"set-up: {options.pages} pages, {options.restricted} members-only, {time.perf_counter() - started:.0f} s")

    module = types.ModuleType("bench_media_urls")
    module.urlpatterns = [
        path("baseline/<path:path>", serve, {"document_root": settings.PRIVATE_MEDIA_ROOT}),
        *urlpatterns,
    ]
    sys.modules["bench_media_urls"] = module

    visitor, reader = Client(), Client()
    reader.force_login(member, "django.contrib.auth.backends.ModelBackend")
    rendition = public.get_rendition("width-400")
    etag = visitor.get(rendition.url)["ETag"]
    cases = [
        ("baseline: static serve, no check", visitor, f"/baseline/{rendition.file.name}", {}, 200),
        ("public image original", visitor, public.file.url, {}, 200),
        ("public image rendition", visitor, rendition.url, {}, 200),
        ("public rendition, revalidated", visitor, rendition.url, {"HTTP_IF_NONE_MATCH": etag}, 304),
        ("members rendition, member", reader, private.get_rendition("width-400").url, {}, 200),
        ("members rendition, visitor", visitor, private.get_rendition("width-400").url, {}, 404),
        ("public document", visitor, document.url, {}, 200),
    ]
    with override_settings(ROOT_URLCONF="bench_media_urls"):
        for label, client, url, headers, expected in cases:
            durations = []
            for _ in range(options.repeat):
                start = time.perf_counter()
                response = client.get(url, **headers)
                b"".join(response.streaming_content) if response.streaming else response.content
                durations.append((time.perf_counter() - start) * 1000)
                assert response.status_code == expected, (label, response.status_code)
            with CaptureQueriesContext(connection) as queries:
                client.get(url, **headers)
            print(f"{label:34} {summary(durations, len(queries))}")


def pdf_file(data):
    from django.core.files.base import ContentFile

    return ContentFile(data, name="bench-leaflet.pdf")


if __name__ == "__main__":
    main()
