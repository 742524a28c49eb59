"""Write validated import lines as library pages, table by table in bulk, as one recorded run (ImportRun).

On SQLite, which has one writer at a time, the run commits in batches of ``CHUNK`` lines, so that sign-ins and
posts wait at most one batch for the write lock, never the whole import; every line is validated and
anonymity-checked before the first batch is written, and a run that fails half-way is undone as a whole
(``undo_run``: pages it created deleted, pages it updated restored from the copy recorded before each change).
On PostgreSQL, whose writers do not block each other, the run stays one transaction. Either way the run is
recorded and ``manage.py undo_import`` undoes it later.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cache

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import F, prefetch_related_objects
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from taggit.models import Tag
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Revision, WorkflowState
from wagtail.search.backends import get_search_backend

from accounts.roles import officer_groups
from library.models import (
    Country,
    CrimeType,
    ImportRun,
    ImportRunPage,
    LibraryIndexPage,
    LibraryPage,
    LibraryPageTag,
    ListingVersion,
)
from safety.text import keeping_html_texts
from search.indexing import in_one_long_transaction

from .fields import SIMPLE_SHAPES
from .index import index_pages, start_indexing
from .scan import SCAN_CHUNK, AnonymityScan, FindingsRefused, finding_errors
from .validate import ImportItem, LineError, page_kinds


@dataclass
class ImportReport:
    """What an import did."""

    created: int = 0
    updated: int = 0
    published: int = 0
    drafts: int = 0
    indexed: int = 0
    kept: int = 0  # lines whose pages were imported before, left as they are (keep_existing)
    pages: list[int] = field(default_factory=list)
    run: int | None = None  # the ImportRun's id


CHUNK = 500
# Batch by batch (SQLite, one writer at a time), the pause after each commit: a request waiting for the write lock
# polls for it at most every 100 ms (SQLite's busy handler), and an importer that began its next batch at once could
# take the lock again first, batch after batch, until the request's busy timeout ran out.
YIELD_TO_WRITERS = 0.12
PAGE_FIELDS = [
    "title",
    "draft_title",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_id",
    "latest_revision_created_at",
    "live_revision_id",
    "search_description",
]  # the columns of Wagtail's page table an import rewrites on an existing page


class Importer:
    """Write validated items as library pages under the library index, table by table in bulk.

    Rows go in with one statement per table and chunk (pages at computed tree paths, then each table of the page
    types, taxonomy links, tags, countries with roles, log entries), in one transaction; the site search index and
    Wagtail's admin search are written in bulk too. Rows written this way send no save signals, so the safety app's
    publish guard does not see them: the importer's own anonymity scan of every line (``AnonymityScan``, waited
    for before a chunk is written) stands in for it, on the same text (see ``anonymity_text``). A live page whose
    new content may not go live keeps its live content and gets the new content as a draft revision through
    Wagtail's own ``save_revision``; a page edited in the admin since its import gets a revision of the import.

    With keep_existing, lines whose pages were imported before are left alone (the demo content is loaded this
    way); with revisions, each new page also gets a first revision (its live one when published), a publish log
    entry and its reference index entries, as a page saved in the admin does. A page whose line attaches a
    document gets its reference index entries in any case: who may fetch the file follows the pages using it.
    """

    def __init__(
        self,
        *,
        publish: bool,
        progress: Callable[[int], None] | None = None,
        keep_existing: bool = False,
        revisions: bool = False,
        batched: bool | None = None,
        source: str = "",
    ):
        self.publish = publish
        self.source = source
        self.keep_existing = keep_existing
        self.revisions = revisions
        self.progress = progress or (lambda n: None)
        self.parent = LibraryIndexPage.objects.get()
        self.countries = {country.code: country for country in Country.objects.all()}
        self.crimes = {crime.slug: crime for crime in CrimeType.objects.all()}
        self.tags: dict[str, object] = {}
        self.replaced: dict[int, set[str]] = {}  # id() of a page in memory -> the relations its line sets
        self.translates: dict[int, LibraryPage] = {}  # id() of a page in memory -> the page it translates
        self.links_from: dict[int, dict[str, list]] = {}  # id() of a page -> reverse relation -> pages naming it
        self.by_key: dict[str, LibraryPage] = {}  # the pages lines name (translation_of, related_methods…)
        self.stored: list = []  # the documents whose files this import stored
        self.labels: dict[str, dict] = {}  # label section text -> its analysed fields, shared by the chunks
        self.pending = None  # the last chunk's indexing, finished after the next chunk's pages are written
        self.pipelined = False  # set by run: in one transaction with a worker pool
        self.now = timezone.now()
        self.connection = connections[router.db_for_write(LibraryIndexPage)]
        self.batched = writes_in_batches(self.connection) if batched is None else batched
        self.record = None

    def _own_fields(self):
        """Return, per table, the fields an import writes to an existing page (each page class lists its own)."""
        own = {Page: PAGE_FIELDS}
        for kind in page_kinds().values():
            for model in self._tables(kind):
                line_fields = model.__dict__.get("import_line_fields", {})
                names = [*model.__dict__.get("imported_fields", [])]
                names += [name for name, spec in line_fields.items() if spec.shape in SIMPLE_SHAPES]
                if names:
                    own[model] = list(dict.fromkeys(names))
        return own

    def _unique_slug(self, title):
        base = (slugify(title, allow_unicode=True) or "page")[:240]
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def _tag_objects(self, names):
        """Return the tags of these names (matched without regard to case, as taggit does here), creating new ones."""
        tags = []
        for name in names:
            key = name.casefold()
            if key not in self.tags:
                self.tags[key] = Tag.objects.filter(name__iexact=name).order_by("pk").first() or Tag.objects.create(
                    name=name
                )
            if self.tags[key] not in tags:
                tags.append(self.tags[key])
        return tags

    def _new_page(self, model, item):
        self.step += 1
        page = model(
            slug=item.slug or self._unique_slug(item.title),
            path=Page._get_path(self.parent.path, self.parent.depth + 1, self.step),
            depth=self.parent.depth + 1,
            numchild=0,
            locale_id=self.parent.locale_id,
        )
        page.url_path = f"{self.parent.url_path}{page.slug}/"
        for name in relation_names(model):  # a new page has no related rows but those its line gives (_fill)
            setattr(page, name, [])
        return page

    def _fill(self, page, item: ImportItem, live: bool):
        """Set the page's fields and its relations (in memory, as the admin's form does) from the item."""
        page.title = page.draft_title = item.title
        page.summary = item.summary
        page.search_description = item.summary[:300]
        page.language = item.language
        page.year = item.year
        page.import_key = item.key
        page.crime_types = [self.crimes[slug] for slug in item.crime_types]
        page.tagged_items = [LibraryPageTag(tag=tag) for tag in self._tag_objects(item.tags)]
        page.countries = [self.countries[code] for code, _role in item.countries]
        document = getattr(page, "document_id", None)
        page.fill_from_import(item, self.countries)
        if getattr(page, "document_id", None) not in (None, document):
            self.stored.append(page.document)  # a new file in storage
        kind = type(page)
        self.replaced[id(page)] = {
            name for name in kind.imported_relations if name not in kind.import_line_fields or name in item.extra
        }
        for name, value in item.extra.items():
            shape = type(page).import_line_fields[name].shape
            if shape in SIMPLE_SHAPES:
                setattr(page, name, value)
            elif shape == "pages" and is_reverse(kind, name):
                # The pages on the other side link to this one (a method's related_case_studies): written after
                # the chunk's own relations, by _write_links_from.
                self.links_from.setdefault(id(page), {})[name] = [self.by_key[key] for key in value]
            elif shape == "pages":
                setattr(page, name, [self.by_key[key] for key in value])
        if item.translation_of:
            self.translates[id(page)] = self.by_key[item.translation_of]
        if live:
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = page.first_published_at or self.now
            page.last_published_at = self.now
        elif not page.pk:
            page.live = False
            page.has_unpublished_changes = True

    def run(
        self,
        items: list[ImportItem],
        *,
        drafts_for_findings: bool,
        scan: AnonymityScan | None = None,
        pool: ProcessPoolExecutor | None = None,
        after_batch: Callable[[list[int]], None] | None = None,
    ) -> ImportReport:
        """Create or update a page per item and index them for search, as one recorded run; return the report.

        Lines with findings are imported as drafts with drafts_for_findings, else they raise FindingsRefused
        (after every line is checked, so all are reported) and nothing is saved. In one transaction (not batched)
        each chunk is written as soon as the scan has checked its lines; batched, the whole scan is waited for
        first, then each batch commits on its own (with after_batch(page ids) inside its transaction), and a
        failure undoes the batches already committed. With a worker pool, the search text analysis runs in it.
        """
        report = ImportReport()
        self.pool = pool
        self.pipelined = not self.batched and pool is not None
        alias = self.connection.alias
        if self.batched:
            if scan is not None:
                scan.wait(len(items))
            if not drafts_for_findings and (refused := finding_errors(items)):
                raise FindingsRefused(refused)
            self._check_kinds(items)
        with (
            self._removing_stored_files_on_error(),
            nullcontext() if self.batched else transaction.atomic(using=alias),
        ):
            self.record = ImportRun.objects.using(alias).create(
                started_at=self.now, source=self.source[:500], lines=len(items)
            )
            report.run = self.record.pk
            self.slugs = {item.slug for item in items if item.slug}
            self.step = 0
            named = {key for item in items for _name, _value, key, _kind in item.references}
            self.by_key = {
                page.import_key: page for page in LibraryPage.objects.filter(import_key__in=named).specific()
            }
            try:
                refused = []
                # In one transaction the site index's and the library's versions are raised once, at the end, so
                # that forum replies (which index) and editors' publications do not wait for the import's locks on
                # them, and Wagtail's admin search refreshes its title norms once (frontline.admin_search); batch
                # by batch, each batch does all three as it commits.
                admin_search = get_search_backend()
                bulk = ExitStack()
                if not self.batched:
                    bulk.enter_context(in_one_long_transaction())
                    bulk.enter_context(ListingVersion.bumping_once())
                    bulk.enter_context(getattr(admin_search, "bulk_indexing", nullcontext)())
                with bulk:
                    for start, end in chunk_bounds(len(items), pipelined=self.pipelined):
                        chunk = items[start:end]
                        if scan is not None and not self.batched:
                            scan.wait(start + len(chunk))
                        if not drafts_for_findings and not self.batched:
                            refused += finding_errors(chunk)
                        if not refused:
                            with transaction.atomic(using=alias), keeping_html_texts():
                                written = self._write(chunk, drafts_for_findings, report)
                                if after_batch is not None:
                                    after_batch(written)
                                ListingVersion.bump()
                            if self.batched and end < len(items):
                                time.sleep(YIELD_TO_WRITERS)
                        self.progress(len(chunk))
                    if refused:
                        raise FindingsRefused(refused)
                    self._finish_indexing(report)
                ImportRun.objects.using(alias).filter(pk=self.record.pk).update(
                    status=ImportRun.Status.DONE,
                    finished_at=timezone.now(),
                    created=report.created,
                    updated=report.updated,
                )
            except BaseException as error:
                if self.batched:
                    undo_run(self.record, status=ImportRun.Status.FAILED, error=repr(error))
                    for document in self.stored:  # the files go with _removing_stored_files_on_error
                        type(document).objects.filter(pk=document.pk).delete()
                raise
        return report

    def _check_kinds(self, items):
        """Refuse (before anything is written) a line whose page was imported before as another type."""
        models = page_kinds()
        keys = [item.key for item in items]
        known = {}
        for start in range(0, len(keys), CHUNK):
            rows = LibraryPage.objects.filter(import_key__in=keys[start : start + CHUNK])
            known.update(dict(rows.values_list("import_key", "content_type_id")))
        for item in items:
            if item.key in known and not self.keep_existing:
                model = ContentType.objects.get_for_id(known[item.key]).model_class()
                if model is None or not issubclass(model, models[item.kind]):
                    raise LineError("type", f"line {item.line} was imported before as another type")

    def _next_step(self):
        """Read the library's children (slugs, last tree path) again: others may have added pages meanwhile."""
        children = Page.objects.child_of(self.parent)
        self.slugs |= set(children.values_list("slug", flat=True))
        last = children.order_by("-path").values_list("path", flat=True).first()
        self.step = max(self.step, Page._str2int(last[-Page.steplen :]) if last else 0)

    def _write(self, items, drafts_for_findings, report):
        """Write one chunk of items and record it in the run; return the ids of the pages written."""
        self._next_step()
        models = page_kinds()
        existing = {
            page.import_key: page
            for page in LibraryPage.objects.filter(import_key__in=[item.key for item in items]).specific()
        }
        if not self.keep_existing:
            # What each existing page was before this run changed it, for undo (a page on two lines: the first).
            prefetch_relations(list(existing.values()))
            self._record_pages(existing.values(), created=False)
        created, updated, drafted, lines = [], [], [], {}
        for item in items:
            live = self.publish and not (item.findings and drafts_for_findings)
            page = existing.get(item.key)
            if page is not None and self.keep_existing:
                self.by_key[item.key] = page
                report.kept += 1
                continue
            if page is not None and not isinstance(page, models[item.kind]):
                raise LineError("type", f"line {item.line} was imported before as another type")
            if page is None:
                page = self._new_page(models[item.kind], item)
                created.append(page)
            elif page.live and not live:
                drafted.append(page)
            else:
                updated.append(page)
            self._fill(page, item, live)
            self.by_key[item.key] = page
            lines[id(page)] = item
        written = created + updated
        self._insert_pages(created)
        if created:
            Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + len(created))
            self._record_pages(created, created=True)
        self._link_translations(written + drafted, written)
        self._write_relations(created, updated)
        # The previous chunk's search entries are written before any page of it can be indexed again (links).
        self._finish_indexing(report)
        self._write_links_from(written)
        self._restrict([(page, lines[id(page)].audience) for page in written if lines[id(page)].audience])
        self._revise([page for page in updated if page.latest_revision_id])
        self._update_pages(updated)
        self._log(created, "wagtail.create")
        self._log(updated, "wagtail.edit")
        if self.revisions:
            self._first_revisions(created)
        for page in created if self.revisions else [page for page in written if "document" in lines[id(page)].extra]:
            ReferenceIndex.create_or_update_for_object(page)
        for page in drafted:
            # The live content stays as it is; the new content becomes a draft revision to review.
            page.save_revision(clean=False, log_action=True)
        report.pages.extend(page.pk for page in written + drafted)
        live = sum(page.live for page in written)
        report.created += len(created)
        report.updated += len(updated) + len(drafted)
        report.published += live
        report.drafts += len(written) - live + len(drafted)
        # The relations a line leaves as they are (a new page: none) are read for the chunk at once, not per page.
        prefetch_relations(written)
        indexing = start_indexing(written, self.pool, self.labels)
        if not self.pipelined:
            report.indexed += indexing.finish()
        else:
            # In one transaction, the workers analyse this chunk's entries while the next chunk is written.
            self.pending = indexing
        return [page.pk for page in written + drafted]

    def _finish_indexing(self, report):
        """Write the site index entries of the chunk before, if they are still to be written."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            report.indexed += pending.finish()

    @contextmanager
    def _removing_stored_files_on_error(self):
        """Delete the files of the documents this import stored when it fails: its rows are rolled back."""
        try:
            yield
        except BaseException:
            for document in self.stored:
                document.file.storage.delete(document.file.name)
            raise

    def _link_translations(self, pages, written):
        """Point pages at the pages they translate (known by now, even when created in this chunk); write it."""
        linked = [page for page in pages if id(page) in self.translates]
        for page in linked:
            page.translation_of_id = self.translates[id(page)].pk
        writing = {id(page) for page in written}
        rows = [[page.translation_of_id, page.pk] for page in linked if id(page) in writing]
        if rows:
            quote = self.connection.ops.quote_name
            field = LibraryPage._meta.get_field("translation_of")
            table, pk = quote(LibraryPage._meta.db_table), quote(LibraryPage._meta.pk.column)
            sql = f"UPDATE {table} SET {quote(field.column)} = %s WHERE {pk} = %s"  # noqa: S608 - model metadata
            with self.connection.cursor() as cursor:
                cursor.executemany(sql, rows)

    def _restriction(self, audience):
        """Return the (restriction type, group ids) an audience asks for, None for the public."""
        if audience[0] == "public":
            return None
        if audience[0] == "members":
            return PageViewRestriction.LOGIN, frozenset()
        if audience[0] == "officers":
            return PageViewRestriction.GROUPS, frozenset(officer_groups().values_list("pk", flat=True))
        groups = Group.objects.filter(name__in=audience[1:]).values_list("pk", flat=True)
        return PageViewRestriction.GROUPS, frozenset(groups)

    def _restrict(self, pages):
        """Give each page the view restriction of its line's audience, replacing the ones it has if they differ.

        Runs before the pages are indexed, so the search index never holds a restricted page as public.
        """
        if not pages:
            return
        current: dict[int, list] = {}
        restrictions = PageViewRestriction.objects.filter(page_id__in=[page.pk for page, _audience in pages])
        for restriction in restrictions.prefetch_related("groups"):
            current.setdefault(restriction.page_id, []).append(restriction)
        wanted_by_audience: dict[tuple, tuple | None] = {}
        for page, audience in pages:
            if audience not in wanted_by_audience:
                wanted_by_audience[audience] = self._restriction(audience)
            wanted = wanted_by_audience[audience]
            have = [
                (restriction.restriction_type, frozenset(group.pk for group in restriction.groups.all()))
                for restriction in current.get(page.pk, [])
            ]
            if have == ([wanted] if wanted else []):
                continue
            for restriction in current.get(page.pk, []):
                restriction.delete()
            if wanted:
                restriction = PageViewRestriction.objects.create(page=page, restriction_type=wanted[0])
                restriction.groups.set(wanted[1])

    def _first_revisions(self, pages):
        """Give new pages their first revision (the live one when published) and log their publication."""
        if not pages:
            return
        self._revise(pages)
        self._write_revision_columns(pages)
        self._log([page for page in pages if page.live], "wagtail.publish")

    def _write_revision_columns(self, pages):
        """Write the pages' latest and live revision columns (set in memory by _revise)."""
        if not pages:
            return
        quote = self.connection.ops.quote_name
        columns = ("latest_revision_id", "latest_revision_created_at", "live_revision_id")
        assignments = ", ".join(f"{quote(Page._meta.get_field(name).column)} = %s" for name in columns)
        sql = f"UPDATE {quote(Page._meta.db_table)} SET {assignments} WHERE {quote(Page._meta.pk.column)} = %s"  # noqa: S608
        rows = [
            [
                *(
                    Page._meta.get_field(name).get_db_prep_save(getattr(page, name), self.connection)
                    for name in columns
                ),
                page.pk,
            ]
            for page in pages
        ]
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _tables(self, page_class):
        """Return the models whose tables hold a page of this class, below Page, base first."""
        return [model for model in reversed([page_class, *page_class._meta.get_parent_list()]) if model is not Page]

    def _insert_pages(self, pages):
        if not pages:
            return
        Page.objects.using(self.connection.alias).bulk_create(pages)
        by_table: dict[type, list] = {}
        for page in pages:
            for model in self._tables(type(page)):
                for link in model._meta.parents.values():
                    setattr(page, link.attname, page.id)
                by_table.setdefault(model, []).append(page)
        for model, objs in by_table.items():
            fields = model._meta.local_concrete_fields
            self._insert_rows(
                model,
                [field.column for field in fields],
                [
                    [field.get_db_prep_save(field.pre_save(obj, True), self.connection) for field in fields]
                    for obj in objs
                ],
            )

    def _record_pages(self, pages, *, created):
        """Record pages in the run: created by it, or updated (with what each was before, for undo); a page the run
        recorded already keeps its first record.

        One executemany of plain INSERTs: bulk_create on PostgreSQL sends each column as one array, and psycopg
        escapes an array of JSON snapshots character by character in Python (about 2 ms a page).
        """
        pages = list(pages)
        if not pages:
            return
        ops = self.connection.ops
        fields = [ImportRunPage._meta.get_field(name) for name in ("run", "page_id", "created", "before")]
        befores = [None] * len(pages) if created else _snapshots(pages)
        names = ", ".join(ops.quote_name(field.column) for field in fields)
        sql = (
            f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {ops.quote_name(ImportRunPage._meta.db_table)}"
            f" ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
            f" {ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)}"
        )
        before_field = fields[-1]
        rows = [
            [self.record.pk, page.pk, created, before_field.get_db_prep_save(before, self.connection)]
            for page, before in zip(pages, befores, strict=True)
        ]
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _insert_rows(self, model, columns, rows):
        """Insert rows of database values into the model's table, with one executemany."""
        if not rows:
            return
        quote = self.connection.ops.quote_name
        names, marks = ", ".join(quote(column) for column in columns), ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 - model metadata
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _update_pages(self, pages):
        """Write the imported fields of existing pages, one executemany per table."""
        if not pages:
            return
        own = self._own_fields()
        by_table: dict[type, list] = {}
        for page in pages:
            for model in [model for model in own if isinstance(page, model)]:
                by_table.setdefault(model, []).append(page)
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            for model, objs in by_table.items():
                fields = [model._meta.get_field(name) for name in own[model]]
                assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
                table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
                sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from model metadata
                rows = [
                    [field.get_db_prep_save(getattr(obj, field.attname), self.connection) for field in fields]
                    + [obj.id]
                    for obj in objs
                ]
                cursor.executemany(sql, rows)

    def _write_relations(self, created, updated):
        """Replace the taxonomy links, tags and the child relations each kind imports (countries with roles), in bulk."""
        countries = LibraryPage.countries.through
        crimes = LibraryPage.crime_types.through
        using = self.connection.alias
        relations = [
            (kind, kind._meta.get_field(name)) for kind in page_kinds().values() for name in kind.imported_relations
        ]
        if updated:
            ids = [page.id for page in updated]
            countries._base_manager.filter(librarypage_id__in=ids)._raw_delete(using)
            crimes._base_manager.filter(librarypage_id__in=ids)._raw_delete(using)
            LibraryPageTag._base_manager.filter(content_object_id__in=ids)._raw_delete(using)
            for kind, relation in relations:
                kind_ids = [page.id for page in self._setting(updated, kind, relation)]
                if not kind_ids:
                    continue
                if relation.many_to_many:
                    through, key = relation.remote_field.through, f"{relation.m2m_column_name()}__in"
                else:
                    through, key = relation.related_model, f"{relation.field.attname}__in"
                through._base_manager.filter(**{key: kind_ids})._raw_delete(using)
        pages = created + updated
        for through, target, relation in ((countries, "country", "countries"), (crimes, "crimetype", "crime_types")):
            columns = [through._meta.get_field(name).column for name in ("librarypage", target)]
            rows = [[page.id, obj.pk] for page in pages for obj in getattr(page, relation).all()]
            self._insert_rows(through, columns, rows)
        LibraryPageTag._base_manager.using(using).bulk_create(
            [tagged for page in pages for tagged in page.tagged_items.all()]
        )
        for kind, relation in relations:
            kind_pages = self._setting(pages, kind, relation)
            if relation.many_to_many:
                through = relation.remote_field.through
                columns = [relation.m2m_column_name(), relation.m2m_reverse_name()]
                rows = [[page.id, obj.pk] for page in kind_pages for obj in getattr(page, relation.name).all()]
                self._insert_rows(through, columns, rows)
            else:
                children = [child for page in kind_pages for child in getattr(page, relation.get_accessor_name()).all()]
                relation.related_model._base_manager.using(using).bulk_create(children)

    def _write_links_from(self, written):
        """Make the pages a line names in a reverse relation (a method's related_case_studies) link to its page.

        The named pages are made to link to the line's page, and pages that linked to it and are not named stop
        linking to it. Each page on the other side whose links change is recorded in the run (so undo restores
        it), and, unless its own line is in this batch, gets a revision when it has revisions (so the editor
        shows the links), an entry in its history, and is indexed again. Within one batch a line's reverse list
        is applied after the other lines' own lists (a case study's related_methods).
        """
        pages = [page for page in written if id(page) in self.links_from]
        if not pages:
            return
        using = self.connection.alias
        in_chunk = {page.pk: page for page in written}
        changed: set[int] = set()
        for name in sorted({name for page in pages for name in self.links_from[id(page)]}):
            setting = [page for page in pages if name in self.links_from[id(page)]]
            relation = type(setting[0])._meta.get_field(name)
            through, forward = relation.through, relation.field
            source, target = forward.m2m_column_name(), forward.m2m_reverse_name()
            ids = [page.pk for page in setting]
            current = set(through._base_manager.filter(**{f"{target}__in": ids}).values_list(source, target))
            wanted = {(other.pk, page.pk) for page in setting for other in self.links_from[id(page)][name]}
            moved = {other for other, _page in current ^ wanted}
            changed |= moved
            if not self.keep_existing:
                before = list(relation.related_model.objects.filter(pk__in=moved - set(in_chunk)))
                prefetch_relations(before)
                self._record_pages(before, created=False)
            through._base_manager.filter(**{f"{target}__in": ids})._raw_delete(using)
            self._insert_rows(through, [source, target], sorted(wanted))
            for other_id in moved & set(in_chunk):
                # A page of this batch on the other side: its revision and search document read its links.
                linked = through._base_manager.filter(**{source: other_id}).values(target)
                setattr(in_chunk[other_id], forward.name, list(forward.related_model.objects.filter(pk__in=linked)))
        others = list(LibraryPage.objects.filter(pk__in=changed - set(in_chunk)).specific())
        prefetch_relations(others)
        revised = [page for page in others if page.latest_revision_id]
        self._revise(revised)
        self._write_revision_columns(revised)
        self._log(others, "wagtail.edit")
        index_pages(others, self.pool, self.labels)

    def _setting(self, pages, kind, relation):
        """Return the pages of this kind whose lines set this relation (a line without the field leaves it)."""
        return [page for page in pages if isinstance(page, kind) and relation.name in self.replaced[id(page)]]

    def _revise(self, pages):
        """Record the new content of pages edited in the admin since as a revision, so the editor shows it."""
        if not pages:
            return
        revisions = [
            Revision(
                content_object=page,
                base_content_type=page.get_base_content_type(),
                content=page.serializable_data(),
                object_str=str(page),
                created_at=self.now,
            )
            for page in pages
        ]
        Revision.objects.using(self.connection.alias).bulk_create(revisions)
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = revision
            page.latest_revision_created_at = revision.created_at
            if page.live:
                page.live_revision = revision

    def _log(self, pages, action):
        """Log the creation or edit of each page in its history, as Page.save and save_revision do."""
        context = get_active_log_context()
        PageLogEntry.objects.using(self.connection.alias).bulk_create(
            [
                PageLogEntry(
                    content_type_id=page.content_type_id,
                    label=page.get_admin_display_title(),
                    action=action,
                    timestamp=self.now,
                    data={},
                    user=context.user,
                    uuid=context.uuid,
                    content_changed=True,
                    page_id=page.id,
                    revision_id=page.latest_revision_id if action in ("wagtail.edit", "wagtail.publish") else None,
                )
                for page in pages
            ]
        )


UNDO_BATCH = 200


def prefetch_relations(pages):
    """Read the child relations and many-to-many links the pages do not hold in memory, one query per relation.

    A page's serialization (for undo and revisions) and its search document read every relation of its kind;
    without this each page would ask the database once per relation. Relations set in memory (from an import
    line) are left as they are; a new page's others come back empty.
    """
    groups: dict[tuple, list] = {}
    for page in pages:
        held = {*getattr(page, "_cluster_related_objects", {}), *getattr(page, "_prefetched_objects_cache", {})}
        missing = tuple(name for name in relation_names(type(page)) if name not in held)
        if missing:
            groups.setdefault((type(page), missing), []).append(page)
    for (_model, missing), group in groups.items():
        prefetch_related_objects(group, *missing)


@cache
def relation_names(model) -> tuple[str, ...]:
    """Return the names of a page class's child relations and parental many-to-many fields (what it serializes)."""
    names = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    return (*names, *(field.name for field in get_all_child_m2m_relations(model)))


def _snapshots(pages):
    """Return what undo needs to put each page back: Wagtail's serialization, and its view restrictions."""
    pages = list(pages)
    restrictions: dict[int, list] = {}
    rows = PageViewRestriction.objects.filter(page_id__in=[page.pk for page in pages]).prefetch_related("groups")
    for restriction in rows.order_by("pk"):
        restrictions.setdefault(restriction.page_id, []).append(
            [restriction.restriction_type, sorted(group.pk for group in restriction.groups.all())]
        )
    snapshots = []
    for page in pages:
        data = page.serializable_data()
        data["_view_restrictions"] = restrictions.get(page.pk, [])
        snapshots.append(data)
    return snapshots


def _restore_restrictions(page_id, restrictions):
    current = [
        [restriction.restriction_type, sorted(group.pk for group in restriction.groups.all())]
        for restriction in PageViewRestriction.objects.filter(page_id=page_id).prefetch_related("groups")
    ]
    if sorted(current) == sorted(restrictions):
        return
    for restriction in PageViewRestriction.objects.filter(page_id=page_id):
        restriction.delete()
    for restriction_type, groups in restrictions:
        restriction = PageViewRestriction.objects.create(page_id=page_id, restriction_type=restriction_type)
        restriction.groups.set(Group.objects.filter(pk__in=groups))


def is_reverse(kind, name):
    """Return whether a kind's field of this name is the other side of a many-to-many field (no column of its own)."""
    return getattr(kind._meta.get_field(name), "auto_created", False)


def chunk_bounds(count: int, *, pipelined: bool) -> list[tuple[int, int]]:
    """Return the (start, end) of each chunk of count lines: CHUNK lines each; pipelined (workers scan and analyse
    while this process writes), the first and the last are one scan task long (SCAN_CHUNK), so the writer starts
    as soon as the workers have scanned the first lines and waits only for the analysis of a few at the end."""
    if not pipelined or count <= 2 * SCAN_CHUNK + CHUNK:
        return [(start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]
    last = count - SCAN_CHUNK
    between = last - SCAN_CHUNK
    size = math.ceil(between / math.ceil(between / CHUNK))  # the lines between, in even chunks
    inner = [(start, min(start + size, last)) for start in range(SCAN_CHUNK, last, size)]
    return [(0, SCAN_CHUNK), *inner, (last, count)]


def writes_in_batches(connection):
    """Return whether an import commits batch by batch on this database: where writers block each other (SQLite)."""
    return connection.vendor == "sqlite"


def undo_run(run, *, status=ImportRun.Status.UNDONE, error=""):
    """Undo an import run as a whole, in short transactions: delete the pages it created (with their revisions,
    history and review submissions), restore the pages it updated as they were before it (fields, relations, view
    restrictions), remove what it added to their history since it started, and re-index them. Return (pages
    deleted, pages restored)."""
    pages = ImportRunPage.objects.filter(run=run)
    created = list(pages.filter(created=True).values_list("page_id", flat=True))
    before = list(pages.filter(created=False).values_list("page_id", "before"))
    page_type = ContentType.objects.get_for_model(Page)
    restorer = Importer(publish=False, batched=True)
    restored_ids = []
    for start in range(0, len(before), UNDO_BATCH):
        chunk = before[start : start + UNDO_BATCH]
        with transaction.atomic():
            restored = []
            for page_id, data in chunk:
                data = dict(data)
                restrictions = data.pop("_view_restrictions", [])
                model = ContentType.objects.get_for_id(data["content_type"]).model_class()
                page = model.from_serializable_data(data, check_fks=False, strict_fks=False)
                restorer.replaced[id(page)] = set(type(page).imported_relations)
                restored.append(page)
                _restore_restrictions(page_id, restrictions)
            restorer._update_pages(restored)
            restorer._write_relations([], restored)
            _forget_since(page_type, [page.pk for page in restored], run.started_at)
            restored_ids += [page.pk for page in restored]
    for start in range(0, len(created), UNDO_BATCH):
        chunk = created[start : start + UNDO_BATCH]
        with transaction.atomic():
            _forget_since(page_type, chunk, None)
            LibraryPage.objects.filter(translation_of_id__in=chunk).update(translation_of=None)
            Page.objects.filter(pk__in=chunk).delete()
    for start in range(0, len(restored_ids), UNDO_BATCH):
        with transaction.atomic():
            index_pages(list(LibraryPage.objects.filter(pk__in=restored_ids[start : start + UNDO_BATCH]).specific()))
    with transaction.atomic():
        ListingVersion.bump()
        ImportRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now(), error=error[:5000])
    return len(created), len(restored_ids)


def _forget_since(page_type, page_ids, since):
    """Delete the revisions, review submissions and history entries of these pages (made since a time, or all)."""
    object_ids = [str(pk) for pk in page_ids]
    revisions = Revision.objects.filter(base_content_type=page_type, object_id__in=object_ids)
    states = WorkflowState.objects.filter(base_content_type=page_type, object_id__in=object_ids)
    history = PageLogEntry.objects.filter(page_id__in=page_ids)
    references = ReferenceIndex.objects.filter(base_content_type=page_type, object_id__in=object_ids)
    if since is not None:
        revisions, states, history = (
            revisions.filter(created_at__gte=since),
            states.filter(created_at__gte=since),
            history.filter(timestamp__gte=since),
        )
    else:
        references.delete()
    states.delete()
    history.delete()
    Page.objects.filter(latest_revision__in=revisions).update(latest_revision=None)
    Page.objects.filter(live_revision__in=revisions).update(live_revision=None)
    revisions.delete()
