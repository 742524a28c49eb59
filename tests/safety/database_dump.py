"""Search every row of every table of the test database (SQLite or PostgreSQL) for strings, decoding what it can."""

import base64
import contextlib
import html
import json
import re
import zlib
from urllib.parse import unquote_plus

from django.db import connection

from textproc.pipeline import index_grams, index_terms

DIGITS = re.compile(r"\D")


def table_names():
    """Return every table of the database, raw and virtual tables (FTS5 shadow tables) included."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        else:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
        return [row[0] for row in cursor.fetchall()]


def _decoded_blob(data):
    """Return the text forms of a binary value: UTF-8, zlib-inflated, and base64-decoded when they decode."""
    out = [data.decode("utf-8", "ignore"), data.decode("latin-1")]
    for attempt in (lambda d: zlib.decompress(d), lambda d: zlib.decompress(d, -15)):
        with contextlib.suppress(zlib.error):
            out.append(attempt(data).decode("utf-8", "ignore"))
    return out


def _session_payload(text):
    """Return the decoded JSON of a Django signed session payload, or ''."""
    payload = text.split(":", 1)[0]
    compressed = payload.startswith(".")
    payload = payload.lstrip(".")
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        return (zlib.decompress(raw) if compressed else raw).decode("utf-8", "ignore")
    except (ValueError, zlib.error):
        return ""


def texts_of(value, depth=0):
    """Yield every readable form of a cell: itself, its HTML-unescaped, URL-decoded and JSON-decoded strings."""
    if value is None or depth > 6:
        return
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        for text in _decoded_blob(value):
            yield text
        return
    if isinstance(value, dict | list):
        yield from texts_of(json.dumps(value, ensure_ascii=False), depth + 1)
        return
    text = str(value)
    yield text
    yield html.unescape(text)
    if "%" in text or "+" in text:
        yield unquote_plus(text)
    stripped = text.strip()
    if stripped[:1] in '[{"':
        try:
            decoded = json.loads(stripped)
        except ValueError:
            decoded = None
        if decoded is not None and not isinstance(decoded, int | float | bool):
            yield from _json_strings(decoded, depth + 1)
    if re.fullmatch(r"\.?[A-Za-z0-9_\-]{20,}:[A-Za-z0-9_\-:]+", stripped):
        yield from texts_of(_session_payload(stripped), depth + 1)


def _json_strings(data, depth):
    if isinstance(data, dict):
        for key, item in data.items():
            yield str(key)
            yield from _json_strings(item, depth)
    elif isinstance(data, list):
        for item in data:
            yield from _json_strings(item, depth)
    elif isinstance(data, str):
        yield from texts_of(data, depth)


def needles_for(values):
    """Return the forms to look for: each value, casefolded, and as the search index stores its words and grams."""
    needles = set()
    for value in values:
        needles.add(value.casefold())
        terms = index_terms(value)
        if terms:
            needles.add(terms)
        grams = index_grams(value)
        if grams and len(grams.split()) > 1:
            needles.add(grams)
    return {needle for needle in needles if len(needle) >= 4}


def occurrences(values, digit_values=()):
    """Return {table: [(needle, text excerpt)]} for every table holding a form of the values (empty when clean)."""
    needles = needles_for(values)
    digit_needles = {DIGITS.sub("", value) for value in digit_values}
    found = {}
    with connection.cursor() as cursor:
        for table in table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the catalog
            for row in cursor.fetchall():
                for cell in row:
                    for text in texts_of(cell):
                        folded = text.casefold()
                        squashed = " ".join(re.split(r"[^\w]+", folded))
                        hits = [n for n in needles if n in folded or n in squashed]
                        spaced = DIGITS.sub("", text) if digit_needles else ""
                        hits += [n for n in digit_needles if n and n in spaced and len(spaced) < 4 * len(n)]
                        for needle in hits:
                            index = folded.find(needle)
                            found.setdefault(table, []).append((needle, text[max(0, index - 40) : index + 80]))
    return found
