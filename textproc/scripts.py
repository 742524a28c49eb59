"""The one table of scripts written without spaces between words (Thai, Lao, Khmer, Burmese), by Unicode block."""

import re

SCRIPT_RANGES = (
    (0x0E00, 0x0E7F, "th"),
    (0x0E80, 0x0EFF, "lo"),
    (0x1780, 0x17FF, "km"),
    (0x19E0, 0x19FF, "km"),  # Khmer symbols
    (0x1000, 0x109F, "my"),
    (0xA9E0, 0xA9FF, "my"),  # Myanmar Extended-B
    (0xAA60, 0xAA7F, "my"),  # Myanmar Extended-A
)
UNSPACED = "".join(f"{chr(first)}-{chr(last)}" for first, last, _language in SCRIPT_RANGES)
"""The body of a regular-expression character class matching any character of these scripts."""

UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")
UNSPACED_RUN = re.compile(f"[{UNSPACED}]+")


def script_class(language: str) -> str:
    """Return the body of a character class matching the characters of one language's script."""
    return "".join(f"{chr(first)}-{chr(last)}" for first, last, code in SCRIPT_RANGES if code == language)
