"""Word segmentation F1 and unspaced two-word query retrieval for Thai, Khmer and Lao.

Run: .venv/bin/python bench/segmentation.py [--queries-per-sentence N] [--seed S]

Part 1 prints the word-boundary F1 of ``textproc.pipeline.tokenize`` (and of raw ICU word breaking, for reference)
against the gold segmentations in ../shared/eval/segmentation.

Part 2 builds, per file, one or more queries per sentence made of two consecutive gold words joined without a
space, searches them over all sentences of that file with real SQLite FTS5 tables and reports the top-10 hit
rate and MRR of the source sentence for (a) FTS5's default unicode61 tokenizer on the raw text, (b) ICU word
tokens only and (c) the full pipeline (words + folded + character n-gram phrases, bm25 column weights).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from icu4py.breakers import WordBreaker  # noqa: E402

from textproc import pipeline as st  # noqa: E402
from textproc.scripts import UNSPACED_CHAR  # noqa: E402

EVAL = Path(os.environ.get("FRONTLINE_EVAL", ROOT.parent / "shared" / "eval"))
SEGMENTATION = EVAL / "segmentation"
F1_FILES = ("tha_wisesight1000", "tha_ud_pud", "khm_khpos_close_test")
QUERY_FILES = ("tha_wisesight1000", "tha_ud_pud", "khm_khpos_close_test")
UNSPACED_LETTER = UNSPACED_CHAR

LAO_SENTENCES = (
    "ເຈົ້າໜ້າທີ່ຕຳຫຼວດໄດ້ຈັບກຸມຜູ້ຕ້ອງສົງໄສສອງຄົນຢູ່ຊາຍແດນ.",
    "ການຄ້າມະນຸດແມ່ນອາຊະຍາກຳທີ່ຮ້າຍແຮງ ແລະ ລະເມີດສິດທິມະນຸດ.",
    "ລັດຖະບານລາວໄດ້ເປີດກອງປະຊຸມກ່ຽວກັບການປ້ອງກັນຢາເສບຕິດ.",
    "ມື້ນີ້ອາກາດຮ້ອນຫຼາຍ ແລະ ມີຝົນຕົກໃນຕອນແລງ.",
    "ນັກຮຽນຫຼາຍຄົນໄປໂຮງຮຽນດ້ວຍລົດຖີບ.",
    "ແມ່ນ້ຳຂອງໄຫຼຜ່ານນະຄອນຫຼວງວຽງຈັນ.",
    "ຊາວກະສິກອນປູກເຂົ້າໃນລະດູຝົນ.",
    "ໂຮງໝໍແຂວງໄດ້ຮັບຢາປົວພະຍາດຈາກອົງການອະນາໄມໂລກ.",
    "ພວກເຮົາຕ້ອງຮ່ວມມືກັບປະເທດເພື່ອນບ້ານເພື່ອຕ້ານການລັກລອບຂົນສົ່ງສິນຄ້າ.",
    "ຜູ້ເຄາະຮ້າຍໄດ້ຮັບການຊ່ວຍເຫຼືອ ແລະ ສົ່ງກັບຄືນບ້ານເກີດ.",
    "ດ່ານກວດຄົນເຂົ້າເມືອງເປີດແຕ່ເວລາແປດໂມງເຊົ້າ.",
    "ເດັກນ້ອຍທຸກຄົນມີສິດໄດ້ຮັບການສຶກສາ.",
    "ທະນາຄານແຫ່ງ ສປປ ລາວ ໄດ້ປະກາດອັດຕາແລກປ່ຽນໃໝ່.",
    "ນັກທ່ອງທ່ຽວຕ່າງປະເທດມັກໄປຢ້ຽມຢາມເມືອງຫຼວງພະບາງ.",
    "ຕຳຫຼວດໄດ້ຍຶດຢາບ້າຈຳນວນຫຼາຍກວ່າໜຶ່ງລ້ານເມັດ.",
    "ແຮງງານລາວຈຳນວນຫຼວງຫຼາຍໄປເຮັດວຽກຢູ່ປະເທດໄທ.",
    "ບໍລິສັດຈັດຫາງານທີ່ບໍ່ມີໃບອະນຸຍາດອາດຫຼອກລວງຜູ້ຊອກວຽກ.",
    "ກະຊວງສາທາລະນະສຸກແນະນຳໃຫ້ລ້າງມືເລື້ອຍໆ.",
    "ປີນີ້ຜົນຜະລິດກາເຟຢູ່ພູພຽງບໍລະເວນເພີ່ມຂຶ້ນ.",
    "ຂ້ອຍມັກກິນເຂົ້າໜຽວກັບປີ້ງໄກ່.",
    "ຄະນະກຳມະການໄດ້ພິຈາລະນາຮ່າງກົດໝາຍສະບັບໃໝ່.",
    "ເຂື່ອນໄຟຟ້າໃໝ່ຈະຜະລິດກະແສໄຟຟ້າເພື່ອສົ່ງອອກ.",
    "ສານປະຊາຊົນໄດ້ຕັດສິນລົງໂທດຈຳຄຸກສິບປີ.",
    "ການຝຶກອົບຮົມນີ້ຈັດຂຶ້ນເປັນເວລາສາມວັນ.",
    "ພະນັກງານຍິງໄດ້ສຳພາດຜູ້ເຄາະຮ້າຍຢ່າງລະມັດລະວັງ.",
    "ລົດເມສາຍໃໝ່ແລ່ນລະຫວ່າງວຽງຈັນ ແລະ ປາກເຊ.",
    "ທາງລົດໄຟລາວຈີນຊ່ວຍໃຫ້ການເດີນທາງສະດວກຂຶ້ນ.",
    "ແມ່ຍິງຫຼາຍຄົນຖືກຫຼອກລວງວ່າຈະໄດ້ວຽກເຮັດງານທຳທີ່ດີ.",
    "ໂທລະສັບມືຖືຖືກນຳໃຊ້ເພື່ອຕິດຕໍ່ພົວພັນກັບເຄືອຂ່າຍອາຊະຍາກຳ.",
    "ຂໍ້ມູນສ່ວນຕົວຂອງຜູ້ເຄາະຮ້າຍຕ້ອງຖືກຮັກສາເປັນຄວາມລັບ.",
    "ອົງການຈັດຕັ້ງສາກົນໄດ້ສະໜອງທຶນເພື່ອສ້າງສູນພັກພິງ.",
    "ບຸນປີໃໝ່ລາວແມ່ນຈັດຂຶ້ນໃນເດືອນເມສາ.",
    "ພໍ່ເຖົ້າຂອງຂ້ອຍເຄີຍເປັນທະຫານ.",
    "ປ່າໄມ້ຖືກທຳລາຍຍ້ອນການຕັດໄມ້ທີ່ຜິດກົດໝາຍ.",
    "ສັດປ່າຫາຍາກຖືກລັກລອບຄ້າຂາຍຂ້າມຊາຍແດນ.",
    "ເຈົ້າໜ້າທີ່ພາສີໄດ້ກວດພົບສິນຄ້າເຖື່ອນຢູ່ໃນລົດບັນທຸກ.",
    "ຄູສອນພາສາອັງກິດໃຫ້ນັກຮຽນຊັ້ນມັດທະຍົມ.",
    "ຊາວບ້ານໄດ້ລາຍງານກໍລະນີທີ່ໜ້າສົງໄສໃຫ້ອຳນາດການປົກຄອງບ້ານ.",
    "ສາຍດ່ວນ 1362 ເປີດໃຫ້ບໍລິການຕະຫຼອດ 24 ຊົ່ວໂມງ.",
    "ການສືບສວນສອບສວນຕ້ອງດຳເນີນໄປຕາມກົດໝາຍ.",
    "ນ້ຳຖ້ວມໄດ້ສ້າງຄວາມເສຍຫາຍໃຫ້ແກ່ນາເຂົ້າຫຼາຍພັນເຮັກຕາ.",
    "ໄວໜຸ່ມລາວນິຍົມໃຊ້ເຟສບຸກ ແລະ ຕິກຕັອກ.",
    "ແມ່ຄ້າຂາຍຜັກຢູ່ຕະຫຼາດເຊົ້າທຸກມື້.",
    "ອັດຕາເງິນເຟີ້ສູງເຮັດໃຫ້ລາຄາສິນຄ້າແພງຂຶ້ນ.",
    "ເຈົ້າໜ້າທີ່ສອງປະເທດໄດ້ແລກປ່ຽນຂໍ້ມູນຂ່າວສານກ່ຽວກັບຜູ້ຕ້ອງຫາ.",
    "ລາວມີຊົນເຜົ່າຫຼາຍກວ່າສີ່ສິບເກົ້າຊົນເຜົ່າ.",
    "ພຣະສົງອອກບິນທະບາດໃນຕອນເຊົ້າ.",
    "ການແຕ່ງງານທີ່ຖືກບັງຄັບແມ່ນຮູບແບບໜຶ່ງຂອງການຂູດຮີດ.",
    "ເດັກຍິງອາຍຸສິບຫົກປີຖືກພາໄປຂາຍຢູ່ຕ່າງປະເທດ.",
    "ທີມງານໄດ້ຊ່ວຍເຫຼືອຄົນງານປະມົງທີ່ຖືກກັກຂັງຢູ່ເທິງເຮືອ.",
    "ໜັງສືຜ່ານແດນຂອງລາວຖືກນາຍຈ້າງຍຶດໄວ້.",
    "ລາວຖືກບັງຄັບໃຫ້ເຮັດວຽກໂດຍບໍ່ໄດ້ຮັບຄ່າຈ້າງ.",
    "ກອງທຶນສາກົນສະໜັບສະໜູນໂຄງການນ້ຳສະອາດໃນຊົນນະບົດ.",
    "ນັກກິລາລາວໄດ້ຫຼຽນຄຳໃນການແຂ່ງຂັນກິລາຊີເກມ.",
    "ຫ້ອງສະໝຸດແຫ່ງຊາດມີປຶ້ມເກົ່າຫຼາຍພັນຫົວ.",
    "ລົດຈັກເປັນພາຫະນະທີ່ນິຍົມທີ່ສຸດໃນເມືອງ.",
    "ໂຄງການສ້າງຖະໜົນຫົນທາງເຊື່ອມຕໍ່ບ້ານຫ່າງໄກສອກຫຼີກ.",
    "ໝໍໄດ້ກວດສຸຂະພາບໃຫ້ຜູ້ອົບພະຍົບທີ່ກັບມາຈາກຕ່າງປະເທດ.",
    "ເຄືອຂ່າຍລັກລອບຄ້າຢາເສບຕິດໃຊ້ເງິນສົດ ແລະ ເງິນດິຈິຕອນ.",
    "ການຟອກເງິນແມ່ນອາຊະຍາກຳທາງດ້ານການເງິນ.",
    "ກ້ອງວົງຈອນປິດໄດ້ບັນທຶກພາບຜູ້ຕ້ອງສົງໄສ.",
    "ປະຊາຊົນຄວນລະວັງການໂຄສະນາຫາວຽກທາງອອນລາຍ.",
    "ຄົນເຂົ້າເມືອງຜິດກົດໝາຍຖືກສົ່ງກັບຄືນປະເທດ.",
    "ກອງປະຊຸມລັດຖະມົນຕີອາຊຽນຈະຈັດຂຶ້ນຢູ່ນະຄອນຫຼວງວຽງຈັນ.",
    "ເດັກກຳພ້າໄດ້ຮັບການລ້ຽງດູຢູ່ສູນເດັກ.",
    "ແມວຂອງຂ້ອຍນອນຢູ່ເທິງຕຽງໝົດມື້.",
    "ຕົ້ນໝາກມ່ວງຢູ່ໜ້າເຮືອນອອກໝາກຫຼາຍ.",
    "ວຽກງານຕ້ານການສໍ້ລາດບັງຫຼວງໄດ້ຮັບການເອົາໃຈໃສ່.",
    "ຜູ້ພິພາກສາໄດ້ຮັບຟັງຄຳໃຫ້ການຂອງພະຍານ.",
    "ອາຫານລາວມີລົດຊາດເຜັດ ແລະ ຫອມ.",
    "ການລາຍງານຂ່າວຕ້ອງມີຄວາມຖືກຕ້ອງ ແລະ ເປັນກາງ.",
    "ສູນຝຶກອາຊີບສອນການຕັດຫຍິບໃຫ້ແມ່ຍິງ.",
)
LAO_CAVEAT = (
    "Lao has no gold file: the 'lao_pseudo' rows use 72 hand-written Lao sentences with ICU's own Lao "
    "segmentation as pseudo-gold, which favours the ICU-based methods and is a small corpus."
)


def read_gold(name: str) -> list[list[str]]:
    """Return the gold sentences of an evaluation file as lists of words."""
    path = SEGMENTATION / f"{name}.gold.txt"
    return [line.split("|") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def lao_pseudo_gold() -> list[list[str]]:
    """Return the hand-written Lao sentences split into words by ICU's Lao word breaker."""
    return [list(WordBreaker(sentence, "lo")) for sentence in LAO_SENTENCES]


def _boundaries(spans: Sequence[tuple[int, int]], length: int) -> set[int]:
    """Return the inner boundary positions of spans."""
    return {pos for span in spans for pos in span if 0 < pos < length}


def _nonspace_spans(pieces: Sequence[str]) -> tuple[list[tuple[int, int]], int]:
    """Return spans of the non-space pieces in a coordinate system that ignores whitespace, and its length."""
    spans = []
    pos = 0
    for piece in pieces:
        piece = "".join(piece.split())
        if piece:
            spans.append((pos, pos + len(piece)))
            pos += len(piece)
    return spans, pos


def _pipeline_pieces(raw: str) -> list[str]:
    """Return normalized text cut at tokenize's token boundaries (dropped characters kept between tokens)."""
    norm = st.normalize(raw)
    pieces = []
    pos = 0
    for start, end in st._segments(norm):
        pieces.extend([norm[pos:start], norm[start:end]])
        pos = end
    pieces.append(norm[pos:])
    return pieces


@dataclass
class F1:
    """Word-boundary precision, recall and F1 with the number of sentences compared."""

    precision: float
    recall: float
    f1: float
    sentences: int
    skipped: int


def boundary_f1(gold: list[list[str]], segment: Callable[[str], list[str]], normalized: bool) -> F1:
    """Return the word-boundary F1 of a segmenter over gold sentences (whitespace ignored)."""
    tp = fp = fn = 0
    skipped = 0
    for words in gold:
        raw = "".join(words)
        gold_pieces = [st.normalize(w) for w in words] if normalized else words
        gold_spans, length = _nonspace_spans(gold_pieces)
        pred_spans, pred_length = _nonspace_spans(segment(raw))
        if length != pred_length:
            skipped += 1
            continue
        expected = _boundaries(gold_spans, length)
        predicted = _boundaries(pred_spans, length)
        tp += len(expected & predicted)
        fp += len(predicted - expected)
        fn += len(expected - predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return F1(precision, recall, f1, len(gold) - skipped, skipped)


def _icu_pieces(raw: str) -> list[str]:
    """Return raw ICU word-break segments of raw text (Thai locale; ICU picks dictionaries by script)."""
    return list(WordBreaker(raw, "th"))


def two_word_queries(gold: list[list[str]], per_sentence: int = 1, seed: int = 0) -> list[tuple[str, int]]:
    """Return (query, source index) pairs of two consecutive unspaced-script gold words joined (all if per_sentence<=0)."""
    rng = random.Random(seed)
    queries = []
    for index, words in enumerate(gold):
        pairs = [
            words[i] + words[i + 1]
            for i in range(len(words) - 1)
            if _has_unspaced_letter(words[i]) and _has_unspaced_letter(words[i + 1])
        ]
        chosen = pairs if per_sentence <= 0 else rng.sample(pairs, min(per_sentence, len(pairs)))
        for query in chosen:
            queries.append((query, index))
    return queries


class Fts5Default:
    """FTS5 table with SQLite's default unicode61 tokenizer over the raw sentences."""

    name = "fts5 unicode61"

    def __init__(self, texts: Sequence[str]) -> None:
        """Index the texts."""
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
        self.db.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)", enumerate(texts))

    def search(self, query: str, k: int = 10) -> list[int]:
        """Return the rowids of the best k sentences for the whitespace-split, OR-ed, quoted query terms."""
        terms = [t for t in query.split() if t]
        if not terms:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = self.db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (match, k))
        return [row[0] for row in rows]


class Fts5Words:
    """FTS5 table over ICU word tokens only (whitespace tokenizer)."""

    name = "ICU words only"

    def __init__(self, texts: Sequence[str]) -> None:
        """Index the texts' word terms."""
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE t USING fts5(words, tokenize='ascii')")
        self.db.executemany(
            "INSERT INTO t(rowid, words) VALUES (?, ?)", ((i, st.index_terms(t)) for i, t in enumerate(texts))
        )

    def search(self, query: str, k: int = 10) -> list[int]:
        """Return the rowids of the best k sentences for the OR-ed query words."""
        terms = st.query_terms(query)
        if not terms:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = self.db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (match, k))
        return [row[0] for row in rows]


class Fts5Pipeline:
    """FTS5 table with the words, folded and grams columns of textproc.pipeline and bm25 column weights."""

    name = "pipeline (words+grams)"

    def __init__(self, texts: Sequence[str], weights: dict[str, float] | None = None) -> None:
        """Index the texts' fields."""
        self.weights = weights or st.FIELD_WEIGHTS
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE t USING fts5(words, folded, grams, tokenize='ascii')")
        rows = []
        for i, text in enumerate(texts):
            fields = st.index_fields(text)
            rows.append((i, fields["words"], fields["folded"], fields["grams"]))
        self.db.executemany("INSERT INTO t(rowid, words, folded, grams) VALUES (?, ?, ?, ?)", rows)

    def search(self, query: str, k: int = 10) -> list[int]:
        """Return the rowids of the best k sentences for the pipeline's MATCH expression."""
        match = st.fts5_match(query)
        if not match:
            return []
        w = self.weights
        rows = self.db.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, ?, ?, ?) LIMIT ?",
            (match, w["words"], w["folded"], w["grams"], k),
        )
        return [row[0] for row in rows]


def _has_unspaced_letter(word: str) -> bool:
    """Return True if the word holds a letter of an unspaced script."""
    return any(UNSPACED_LETTER.match(c) and unicodedata.category(c)[0] == "L" for c in word)


def score(search: Callable[[str, int], list[int]], queries: list[tuple[str, int]], texts: Sequence[str]) -> dict:
    """Return top-10 hit rate, MRR@10 (plus strict variants) and p95 latency of a search over (query, source) pairs.

    A sentence is relevant when it contains the query as typed (after normalization), which for a query found
    in one sentence only is just the source; for the strict figures only the source sentence (and identical
    copies of it) is relevant, so queries found in more than ten sentences cannot all be hits.
    """
    normalized = [st.normalize(text).replace(" ", "") for text in texts]
    totals = {"hit10": 0.0, "mrr": 0.0, "strict_hit10": 0.0, "strict_mrr": 0.0}
    latencies = []
    for query, source in queries:
        needle = st.normalize(query).replace(" ", "")
        relevant = {
            "": {i for i, text in enumerate(normalized) if needle in text},
            "strict_": {i for i, text in enumerate(texts) if text == texts[source]},
        }
        started = time.perf_counter()
        ranked = search(query, 10)[:10]
        latencies.append(time.perf_counter() - started)
        for prefix, docids in relevant.items():
            rank = next((r for r, docid in enumerate(ranked, 1) if docid in docids), None)
            if rank:
                totals[prefix + "hit10"] += 1
                totals[prefix + "mrr"] += 1 / rank
    n = len(queries) or 1
    latencies.sort()
    result = {key: value / n for key, value in totals.items()}
    result["queries"] = len(queries)
    result["p95_ms"] = 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    return result


def unspaced_query_quality(
    name: str, per_sentence: int = 1, seed: int = 0, weights: dict[str, float] | None = None
) -> dict[str, dict]:
    """Return the two-word unspaced query scores of the three methods on one evaluation file."""
    gold = lao_pseudo_gold() if name == "lao_pseudo" else read_gold(name)
    texts = ["".join(words) for words in gold]
    queries = two_word_queries(gold, per_sentence, seed)
    engines = (Fts5Default(texts), Fts5Words(texts), Fts5Pipeline(texts, weights))
    return {engine.name: score(engine.search, queries, texts) for engine in engines}


def main() -> None:
    """Print segmentation F1 per file and the unspaced two-word query table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries-per-sentence", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    print("Word-boundary F1 (whitespace ignored)")
    print(f"{'file':24} {'tokenize P':>10} {'R':>6} {'F1':>6}  {'raw ICU F1':>10}  sentences")
    for name in F1_FILES:
        gold = read_gold(name)
        ours = boundary_f1(gold, _pipeline_pieces, normalized=True)
        icu = boundary_f1(gold, _icu_pieces, normalized=False)
        print(
            f"{name:24} {ours.precision:10.3f} {ours.recall:6.3f} {ours.f1:6.3f}  {icu.f1:10.3f}  "
            f"{ours.sentences} (skipped {ours.skipped})"
        )

    print()
    print(
        f"Two consecutive gold words typed without a space: {args.queries_per_sentence} random pair(s) per sentence "
        f"(seed {args.seed}); every pair for lao_pseudo. hit@10/MRR: relevant = sentences containing the typed "
        "query; strict: only the source sentence."
    )
    print(f"{'file':22} {'method':24} {'hit@10':>7} {'MRR':>6} {'strict hit@10':>13} {'MRR':>6} {'p95 ms':>7} queries")
    for name in (*QUERY_FILES, "lao_pseudo"):
        per_sentence = 0 if name == "lao_pseudo" else args.queries_per_sentence
        for method, r in unspaced_query_quality(name, per_sentence, args.seed).items():
            print(
                f"{name:22} {method:24} {r['hit10']:7.3f} {r['mrr']:6.3f} {r['strict_hit10']:13.3f} "
                f"{r['strict_mrr']:6.3f} {r['p95_ms']:7.2f} {r['queries']}"
            )
    print(LAO_CAVEAT)


if __name__ == "__main__":
    main()
