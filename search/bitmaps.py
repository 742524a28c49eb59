"""Sets of small integers (positions) as Python int bitmaps: build them fast, count and list their members."""

from __future__ import annotations

from collections.abc import Iterable

# The bit indexes set in each byte value, so that listing a bitmap's members costs one step per byte.
_BYTE_BITS = tuple(tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256))


class BitmapBuilder:
    """Collect positions per key, then turn each key's positions into one int bitmap."""

    def __init__(self, size: int):
        self.size = size
        self.bytes: dict = {}

    def add(self, key, position: int) -> None:
        """Record that key holds position."""
        bits = self.bytes.get(key)
        if bits is None:
            bits = self.bytes[key] = bytearray((self.size + 7) // 8)
        bits[position >> 3] |= 1 << (position & 7)

    def bitmaps(self) -> dict:
        """Return each key's bitmap."""
        return {key: int.from_bytes(bits, "little") for key, bits in self.bytes.items()}


def bitmap(positions: Iterable[int], size: int) -> int:
    """Return the bitmap holding the given positions (each below size)."""
    data = bytearray((size + 7) // 8)
    for position in positions:
        data[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(data, "little")


def members(bits: int) -> list[int]:
    """Return the positions set in a bitmap, ascending."""
    found: list[int] = []
    if bits <= 0:
        return found
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    append = found.append
    for index, byte in enumerate(data):
        if byte:
            base = index * 8
            for bit in _BYTE_BITS[byte]:
                append(base + bit)
    return found


def contains(data: bytes, position: int) -> bool:
    """Return whether the little-endian bitmap bytes hold position."""
    index = position >> 3
    return index < len(data) and bool(data[index] >> (position & 7) & 1)


def to_bytes(bits: int) -> bytes:
    """Return a bitmap as little-endian bytes, for fast membership tests with contains()."""
    return bits.to_bytes((bits.bit_length() + 7) // 8 or 1, "little")
