"""The word lists of ICU's dictionary segmentation (Thai, Lao, Khmer, Burmese), read from the ICU that icu4py ships.

ICU segments these scripts with dictionaries (``brkitr/thaidict.dict``, ``laodict``, ``khmerdict``,
``burmesedict``), each a BytesTrie whose bytes are code points minus a per-script offset. icu4py exposes no
dictionary look-up and no rule status (which would not tell a dictionary word from an unknown chunk anyway), so
this module opens the dictionary through ICU's public C function ``udata_open`` of the bundled ``libicuuc`` and
walks the trie once per language (about 0.1-0.4 s), giving exactly the words that the segmentation uses.
The trie layout walked here is ICU's documented BytesTrie format (``unicode/bytestrie.h``).
"""

from __future__ import annotations

import ctypes
import logging
import struct
from functools import cache
from pathlib import Path

import icu4py
from icu4py._version import icu_version_info

__all__ = ["DICTIONARY_NAMES", "dictionary_words", "is_dictionary_word"]

logger = logging.getLogger(__name__)

DICTIONARY_NAMES = {"th": "thaidict", "lo": "laodict", "km": "khmerdict", "my": "burmesedict"}

# BytesTrie node lead bytes and compact integer thresholds.
MIN_LINEAR_MATCH = 0x10
MIN_VALUE_LEAD = 0x20
MAX_BRANCH_LINEAR_SUB_NODE_LENGTH = 5
MIN_TWO_BYTE_VALUE_LEAD = 0x51
MIN_THREE_BYTE_VALUE_LEAD = 0x6C
FOUR_BYTE_VALUE_LEAD = 0x7E
MIN_TWO_BYTE_DELTA_LEAD = 0xC0
MIN_THREE_BYTE_DELTA_LEAD = 0xF0
FOUR_BYTE_DELTA_LEAD = 0xFE
# Dictionary header: eight int32 indexes, then the trie.
TRIE_OFFSET, TOTAL_SIZE, TRIE_TYPE, TRANSFORM = 0, 3, 4, 5
TRIE_TYPE_BYTES = 0
TRANSFORM_TYPE_OFFSET = 0x1000000
TRANSFORM_TYPE_MASK = 0x7F000000
TRANSFORM_OFFSET_MASK = 0x1FFFFF


def read_int(data: bytes, pos: int, size: int) -> int:
    """Return the big-endian unsigned integer of size bytes at pos."""
    return int.from_bytes(data[pos : pos + size], "big")


def value_at(data: bytes, pos: int, lead: int) -> tuple[int, int]:
    """Return (value, position after it) of a compact value whose lead byte (already shifted right) was read."""
    if lead < MIN_TWO_BYTE_VALUE_LEAD:
        return lead - MIN_LINEAR_MATCH, pos
    if lead < MIN_THREE_BYTE_VALUE_LEAD:
        return ((lead - MIN_TWO_BYTE_VALUE_LEAD) << 8) | data[pos], pos + 1
    if lead < FOUR_BYTE_VALUE_LEAD:
        return ((lead - MIN_THREE_BYTE_VALUE_LEAD) << 16) | read_int(data, pos, 2), pos + 2
    if lead == FOUR_BYTE_VALUE_LEAD:
        return read_int(data, pos, 3), pos + 3
    return read_int(data, pos, 4), pos + 4


def delta_at(data: bytes, pos: int) -> tuple[int, int]:
    """Return (jump delta, position after it) of the compact delta at pos."""
    lead, pos = data[pos], pos + 1
    if lead < MIN_TWO_BYTE_DELTA_LEAD:
        return lead, pos
    if lead < MIN_THREE_BYTE_DELTA_LEAD:
        return ((lead - MIN_TWO_BYTE_DELTA_LEAD) << 8) | data[pos], pos + 1
    if lead < FOUR_BYTE_DELTA_LEAD:
        return ((lead - MIN_THREE_BYTE_DELTA_LEAD) << 16) | read_int(data, pos, 2), pos + 2
    if lead == FOUR_BYTE_DELTA_LEAD:
        return read_int(data, pos, 3), pos + 3
    return read_int(data, pos, 4), pos + 4


def trie_words(data: bytes, start: int) -> list[bytes]:
    """Return every byte string that has a value in the BytesTrie starting at start."""
    words: list[bytes] = []
    # Work items: ("node", position, prefix, 0) or ("branch", position, prefix, number of bytes to choose from).
    pending: list[tuple[str, int, bytes, int]] = [("node", start, b"", 0)]
    while pending:
        kind, pos, prefix, length = pending.pop()
        if kind == "branch":
            while length > MAX_BRANCH_LINEAR_SUB_NODE_LENGTH:
                delta, after = delta_at(data, pos + 1)
                pending.append(("branch", after + delta, prefix, length >> 1))
                length -= length >> 1
                pos = after
            while length > 1:
                byte, lead = data[pos], data[pos + 1]
                value, after = value_at(data, pos + 2, lead >> 1)
                if lead & 1:
                    words.append(prefix + bytes((byte,)))
                else:
                    pending.append(("node", after + value, prefix + bytes((byte,)), 0))
                pos, length = after, length - 1
            pending.append(("node", pos + 1, prefix + bytes((data[pos],)), 0))
            continue
        while True:
            node, pos = data[pos], pos + 1
            if node < MIN_LINEAR_MATCH:
                if node == 0:
                    node, pos = data[pos], pos + 1
                pending.append(("branch", pos, prefix, node + 1))
                break
            if node < MIN_VALUE_LEAD:
                count = node - MIN_LINEAR_MATCH + 1
                prefix, pos = prefix + data[pos : pos + count], pos + count
                continue
            words.append(prefix)
            if node & 1:
                break
            pos = value_at(data, pos, node >> 1)[1]
    return words


def decode(word: bytes, offset: int) -> str:
    """Return the text of a dictionary entry stored as code points minus offset (0xFF: ZWJ, 0xFE: ZWNJ)."""
    return "".join("\u200d" if b == 0xFF else "\u200c" if b == 0xFE else chr(offset + b) for b in word)


@cache
def icu_common_library() -> ctypes.CDLL | None:
    """Return ICU's common library as bundled with icu4py, or None when it cannot be found."""
    package = Path(icu4py.__file__).resolve().parent
    candidates = sorted(package.parent.glob("icu4py.libs/libicuuc*")) + sorted(package.glob("**/libicuuc*"))
    for path in candidates:
        try:
            return ctypes.CDLL(str(path))
        except OSError:
            continue
    return None


def dictionary_data(name: str) -> bytes | None:
    """Return the bytes of one ICU break-iterator dictionary (header indexes and trie), or None if unavailable."""
    library = icu_common_library()
    if library is None:
        return None
    major = icu_version_info[0]
    try:
        open_data = getattr(library, f"udata_open_{major}")
        get_memory = getattr(library, f"udata_getMemory_{major}")
        close_data = getattr(library, f"udata_close_{major}")
    except AttributeError:
        return None
    open_data.restype = ctypes.c_void_p
    open_data.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    get_memory.restype = ctypes.c_void_p
    get_memory.argtypes = [ctypes.c_void_p]
    close_data.argtypes = [ctypes.c_void_p]
    status = ctypes.c_int(0)
    handle = open_data(f"icudt{major}l-brkitr".encode(), b"dict", name.encode(), ctypes.byref(status))
    if not handle or status.value > 0:
        return None
    try:
        memory = get_memory(handle)
        total = struct.unpack("<8i", ctypes.string_at(memory, 32))[TOTAL_SIZE]
        return ctypes.string_at(memory, total)
    finally:
        close_data(handle)


@cache
def dictionary_words(lang: str) -> frozenset[str]:
    """Return the words of ICU's segmentation dictionary for th, lo, km or my (empty when ICU's data is missing)."""
    data = dictionary_data(DICTIONARY_NAMES[lang])
    if data is None:
        logger.warning("ICU dictionary %s not found: common-word checks are off", DICTIONARY_NAMES[lang])
        return frozenset()
    indexes = struct.unpack("<8i", data[:32])
    transform = indexes[TRANSFORM]
    if indexes[TRIE_TYPE] & 7 != TRIE_TYPE_BYTES or transform & TRANSFORM_TYPE_MASK != TRANSFORM_TYPE_OFFSET:
        logger.warning("ICU dictionary %s has an unknown layout: common-word checks are off", DICTIONARY_NAMES[lang])
        return frozenset()
    offset = transform & TRANSFORM_OFFSET_MASK
    return frozenset(decode(word, offset) for word in trie_words(data, indexes[TRIE_OFFSET]))


def is_dictionary_word(word: str, lang: str) -> bool:
    """Return True when word is an entry of ICU's segmentation dictionary for lang."""
    return word in dictionary_words(lang)
