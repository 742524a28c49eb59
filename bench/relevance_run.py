"""Answer the relevance set's queries on one checkout of the site; print {system: {query id: [page keys]}} as JSON.

Run by bench/relevance.py, with the checkout to measure as the working directory (its code on the path) and a
scratch database in DATABASE_URL. Uses only what every commit of the site offers: ``migrate``,
``load_demo_content``, ``rebuild_search_index`` and ``search.service.search`` (as an anonymous reader, spelling
correction included), so it also runs on older commits.

  --wagtail          also answer with Wagtail's stock database backend (wagtail.search.backends.database) on the
                     same public pages
  --weights SPEC ... also answer with other section weights, e.g. label=0.3,title=2.5 (this commit's engines only)
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
from pathlib import Path

K = 10


def setup(checkout: Path) -> None:
    """Set Django up on the checkout's code and the scratch database, migrated, with the demo content indexed."""
    sys.path[:0] = [str(checkout), str(checkout / "site")]
    os.environ["DJANGO_SETTINGS_MODULE"] = "frontline.settings.test"
    os.environ.setdefault("DEMO_PASSWORD", "bench-demo-password-4Kq!z7")
    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.core.management import call_command

    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("migrate", verbosity=0, **quiet)
    call_command("load_demo_content", **quiet)
    call_command("rebuild_search_index", "--no-progress", **quiet)


def page_keys() -> dict[int, str]:
    """Return the demo key of every library page by id (the import key without 'demo:', else the slug)."""
    from library.models import LibraryPage

    return {
        pk: (key.split(":", 1)[1] if key.startswith("demo:") else slug)
        for pk, key, slug in LibraryPage.objects.values_list("pk", "import_key", "slug")
    }


def site_rankings(queries: list[dict], keys: dict[int, str]) -> dict[str, list[str]]:
    """Return the first K page keys the site's search gives an anonymous reader for each query."""
    from search import service

    rankings = {}
    for query in queries:
        hits = service.search(query["query"], page_size=K).hits
        rankings[query["id"]] = [
            keys.get(int(hit.id.split(":")[1]), hit.id) for hit in hits if hit.id.startswith("page:")
        ]
    return rankings


def wagtail_rankings(queries: list[dict], keys: dict[int, str]) -> dict[str, list[str]]:
    """Return the first K page keys Wagtail's database backend gives for each query over the public live pages."""
    from django.db import DatabaseError
    from wagtail.search.backends import get_search_backend

    from library.models import LibraryPage

    backend = get_search_backend()
    pages = LibraryPage.objects.live().public()
    rankings = {}
    for query in queries:
        try:
            found = list(backend.search(query["query"], pages)[:K])
        except DatabaseError:  # Wagtail's SQLite backend passes some texts to FTS5 as invalid syntax
            found = []
        rankings[query["id"]] = [keys.get(page.pk, page.slug) for page in found]
    return rankings


def weighted_rankings(queries, keys, spec: str) -> dict[str, list[str]]:
    """Return the site's rankings with the section weights of spec (e.g. 'label=0.3,title=2.5') in force."""
    from search import documents

    saved = dict(documents.SECTION_WEIGHTS)
    try:
        for part in spec.split(","):
            name, value = part.split("=")
            documents.SECTION_WEIGHTS[name.strip()] = float(value)
        return site_rankings(queries, keys)
    finally:
        documents.SECTION_WEIGHTS.update(saved)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("queries", type=Path)
    parser.add_argument("--wagtail", action="store_true")
    parser.add_argument("--weights", nargs="*", default=[])
    args = parser.parse_args()
    queries = [json.loads(line) for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    setup(Path.cwd())
    keys = page_keys()
    out = {"site": site_rankings(queries, keys)}
    if args.wagtail:
        out["wagtail"] = wagtail_rankings(queries, keys)
    for spec in args.weights:
        out[f"weights {spec}"] = weighted_rankings(queries, keys, spec)
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
