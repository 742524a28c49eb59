"""Time the access rules: reader_audience, LibraryPage.objects.visible_to over the library, page_audience and a restricted page view.

Run: .venv/bin/python bench/access.py [--pages 400] [--restricted 40]
Prints median and p95 per operation for a visitor, a pending member, an officer and an administrator.
"""

import argparse
import statistics
import time

from _common import setup_scratch_django


def timed(function, repeat):
    """Return the durations in milliseconds of calling a function repeatedly."""
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def summary(durations):
    durations = sorted(durations)
    p95 = durations[min(len(durations) - 1, int(len(durations) * 0.95))]
    return f"median {statistics.median(durations):7.2f} ms   p95 {p95:7.2f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--restricted", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=50)
    options = parser.parse_args()

    setup_scratch_django("frontline-bench-access-")

    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from accounts.access import can_view_page, page_audience, reader_audience
    from library.models import LibraryPage
    from tests.factories.accounts import (
        create_user,
        create_working_group,
        restrict_to_groups,
        restrict_to_members,
        restrict_to_officers,
    )
    from tests.factories.library import create_case_study

    started = time.perf_counter()
    pages = [create_case_study(title=f"Bench case {n}", slug=f"bench-{n}") for n in range(options.pages)]
    group = create_working_group("Bench working group")
    for n, page in enumerate(pages[: options.restricted]):
        [restrict_to_members, restrict_to_officers, lambda p: restrict_to_groups(p, [group])][n % 3](page)
    print(f"set-up: {options.pages} pages, {options.restricted} restricted, {time.perf_counter() - started:.0f} s")

    readers = {
        "visitor": AnonymousUser(),
        "pending member": create_user(None, approved=False),
        "officer": create_user("officer"),
        "administrator": create_user("administrator"),
    }
    restricted_page = pages[0]
    public_page = pages[-1]
    for name, user in readers.items():
        print(f"\n{name}")
        print(f"  reader_audience          {summary(timed(lambda u=user: reader_audience(u), options.repeat))}")
        visible = LibraryPage.objects.live()
        count = LibraryPage.objects.visible_to(user).count()
        print(
            f"  visible_pages().count()  {summary(timed(lambda u=user: LibraryPage.objects.visible_to(u).count(), options.repeat))}"
            f"   ({count} of {visible.count()} visible)"
        )
        print(
            f"  can_view_page            {summary(timed(lambda u=user: can_view_page(u, restricted_page), options.repeat))}"
        )
        client = Client()
        if user.is_authenticated:
            client.force_login(user)
        print(
            f"  GET restricted page      {summary(timed(lambda c=client: c.get(restricted_page.url), options.repeat))}"
        )
        print(f"  GET public page          {summary(timed(lambda c=client: c.get(public_page.url), options.repeat))}")
    print(f"\npage_audience              {summary(timed(lambda: page_audience(restricted_page), options.repeat))}")


if __name__ == "__main__":
    main()
