"""Bench helpers for search: a migrated SQLite database (cached as a template) and a multilingual corpus."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("BENCH_CACHE", ROOT / ".cache" / "bench")) / "search"


def setup_django(database: Path, *, fresh: bool = True) -> None:
    """Set Django up on a SQLite file (PostgreSQL when BENCH_DATABASE_URL is set), migrated from a cached template."""
    for path in (str(ROOT), str(ROOT / "site")):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ["DJANGO_SETTINGS_MODULE"] = "frontline.settings.dev"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.pop("SEARCH_URL", None)
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url
        _create_database(url)
    elif not fresh and database.exists():
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    else:
        CACHE.mkdir(parents=True, exist_ok=True)
        template = CACHE / "search-template.sqlite3"
        migrations = sorted(
            str(p.stat().st_mtime_ns) for p in [*ROOT.glob("*/migrations/0*.py"), *ROOT.glob("*/*/migrations/0*.py")]
        )
        stamp = CACHE / "search-template.stamp"
        fingerprint = hashlib.sha256("|".join(migrations).encode()).hexdigest()
        if not template.exists() or not stamp.exists() or stamp.read_text() != fingerprint:
            _migrate(template)
            stamp.write_text(fingerprint)
        if fresh or not database.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            shutil.copy(template, database)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    if url:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def _create_database(url: str) -> None:
    """Create the PostgreSQL database the URL names if the server has none of that name (scripts/with-postgres
    starts a bare cluster)."""
    if not url.startswith("postgres"):
        return
    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(f"{url.rsplit('/', 1)[0]}/postgres", autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _migrate(path: Path) -> None:
    """Create a migrated database file at path (in a subprocess, so this process can set Django up afterwards)."""
    import subprocess

    building = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    building.unlink(missing_ok=True)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{building}", DJANGO_SETTINGS_MODULE="frontline.settings.dev")
    started = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)  # noqa: S603
    with sqlite3.connect(building) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    os.replace(building, path)
    print(f"(migrated a template database in {time.monotonic() - started:.0f} s)", file=sys.stderr)


WORDS = {
    "en": "trafficking labour fishing vessel border police victim broker forced debt documents fake investigation "
    "women children recruitment online scam compound smuggling migrants river crossing checkpoint interview "
    "passport salary agency transport shelter evidence witness prosecution sentence network payment boat",
    "vi": "buôn bán người lao động cưỡng bức biên giới công an nạn nhân môi giới giấy tờ giả điều tra phụ nữ "
    "trẻ em tuyển dụng lừa đảo trực tuyến đường dây xuất cảnh trái phép hộ chiếu tiền lương tàu cá",
    "th": "การ ค้า มนุษย์ แรงงาน ประมง เรือ ด่าน ตำรวจ เหยื่อ บังคับ ค่าจ้าง หนี้ เอกสาร ปลอม สืบสวน "
    "ผู้หญิง เด็ก ข้าม ชาติ หลอกลวง ออนไลน์ หนังสือเดินทาง ที่พักพิง พยาน",
    "lo": "ການ ຄ້າ ມະນຸດ ແຮງງານ ຊາຍແດນ ຕຳຫຼວດ ຜູ້ເຄາະຮ້າຍ ບັງຄັບ ເອກະສານ ປອມ ສືບສວນ ແມ່ຍິງ ເດັກນ້ອຍ ເຮືອ",
    "km": "ការ ជួញដូរ មនុស្ស ពលកម្ម ព្រំដែន ប៉ូលិស ជនរងគ្រោះ មេខ្យល់ បង្ខំ ឯកសារ ក្លែងក្លាយ ស៊ើបអង្កេត ស្ត្រី កុមារ ទូក",
}
UNSPACED = {"th", "lo", "km"}
COUNTRIES = ["KH", "LA", "TH", "VN", "MM", "CN", "MY"]
CRIMES = [
    "forced-labour",
    "sexual-exploitation",
    "forced-marriage",
    "scam-compounds",
    "migrant-smuggling",
    "document-fraud",
]
KINDS = ["case-study", "method", "resource", "discussion"]
TAGS = [f"tag-{n}" for n in range(60)]
_SYLLABLES = [
    "ba",
    "be",
    "bo",
    "ka",
    "ke",
    "ko",
    "la",
    "le",
    "lo",
    "ma",
    "me",
    "mo",
    "na",
    "ne",
    "no",
    "pa",
    "pe",
    "po",
    "ra",
    "re",
    "ro",
    "sa",
    "se",
    "so",
    "ta",
    "te",
    "to",
    "va",
    "ve",
    "vo",
]


def percentile(values: list[float], pct: float) -> float:
    """Return the pct-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def _filler(rng: random.Random, language: str) -> str:
    if language in UNSPACED:
        return rng.choice(WORDS[language].split())
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def sentence(rng: random.Random, language: str, words: int) -> str:
    """Return a pseudo-sentence mixing domain words and filler, unspaced within phrases for Thai, Lao and Khmer."""
    vocab = WORDS[language].split()
    tokens = [rng.choice(vocab) if rng.random() < 0.45 else _filler(rng, language) for _ in range(words)]
    if language in UNSPACED:
        chunks = [tokens[i : i + rng.randint(3, 7)] for i in range(0, len(tokens), 5)]
        return " ".join("".join(chunk) for chunk in chunks if chunk)
    return " ".join(tokens).capitalize() + "."


def documents(count: int, seed: int = 7):
    """Yield count SearchDocuments with multilingual text, facet values and audiences."""
    from search.documents import SearchDocument

    rng = random.Random(seed)
    languages = list(WORDS)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    for n in range(1, count + 1):
        language = languages[n % len(languages)]
        roll = rng.random()
        audience = ["public"] if roll < 0.8 else ["members"] if roll < 0.93 else [f"group:{rng.randint(1, 5)}"]
        tags = rng.sample(TAGS, rng.randint(0, 3))
        yield SearchDocument(
            id=f"page:{n}",
            kind=rng.choice(KINDS),
            title=sentence(rng, language, rng.randint(4, 9)),
            url=f"/library/bench-{n}/",
            language=language,
            summary=sentence(rng, language, 25),
            text=" ".join(sentence(rng, language, rng.randint(10, 20)) for _ in range(rng.randint(5, 12))),
            countries=rng.sample(COUNTRIES, rng.randint(1, 3)),
            crime_types=rng.sample(CRIMES, rng.randint(1, 2)),
            year=rng.randint(2005, 2025),
            tags=tags,
            tag_labels=[tag.replace("-", " ") for tag in tags],
            date=start + timedelta(hours=n * 3),
            audience=audience,
        )


QUERIES = [
    ("forced labour", {"country": ["TH"]}),
    ("fishing vessel", {"type": ["case-study"], "year": ["2021", "2022", "2023"]}),
    ("victim interview", {"language": ["en"], "crime": ["forced-labour"]}),
    ("buon ban nguoi", {"country": ["VN", "KH"]}),
    ("buôn bán người", {"type": ["case-study", "method"]}),
    ("lao động cưỡng bức", {"year": ["2020"]}),
    ("ค้ามนุษย์", {"country": ["TH"]}),
    ("แรงงานประมง", {"type": ["case-study"]}),
    ("ການຄ້າມະນຸດ", {"language": ["lo"]}),
    ("ជួញដូរមនុស្ស", {"country": ["KH"], "crime": ["forced-labour", "scam-compounds"]}),
    ("smuggling migrants river", {}),
    ("broker debt passport", {"tag": ["tag-3", "tag-7"]}),
    ("scam compound online", {"crime": ["scam-compounds"], "country": ["KH", "MM"]}),
    ("", {"country": ["LA"], "type": ["resource"]}),
]


_wagtail_model = None


def wagtail_model():
    """Return a proxy of IndexEntry indexed by Wagtail's own search backend (title, summary, text; type/language/year filters)."""
    global _wagtail_model  # noqa: PLW0603 - one proxy class per process
    if _wagtail_model is None:
        from modelsearch import index

        from search.models import IndexEntry

        class BenchDocument(index.Indexed, IndexEntry):
            search_fields = [
                index.SearchField("title", boost=2),
                index.SearchField("summary"),
                index.SearchField("text"),
                index.FilterField("kind"),
                index.FilterField("language"),
                index.FilterField("year"),
            ]

            class Meta:
                proxy = True
                app_label = "search"

        _wagtail_model = BenchDocument
    return _wagtail_model


def wagtail_index_all(batch_size: int = 1000) -> float:
    """Index every IndexEntry into Wagtail's search backend; return the seconds it took."""
    from wagtail.search.backends import get_search_backend

    model = wagtail_model()
    backend = get_search_backend()
    backend.reset_indexes()
    started = time.perf_counter()
    last = 0
    while batch := list(model.objects.order_by("pk").filter(pk__gt=last)[:batch_size]):
        backend.add_bulk(model, batch)
        last = batch[-1].pk
    return time.perf_counter() - started
