"""Editors' avatars in the Wagtail admin: their initials drawn in an inline SVG, so no request leaves the site."""

import re
import unicodedata
from urllib.parse import quote

from django.utils.html import escape

# Accessible backgrounds for white text (contrast 4.5:1 or more).
COLOURS = ("#0b5563", "#6a3d9a", "#1f5f2e", "#8a3b12", "#2b4c8c", "#7a2048", "#4f5660", "#005f73")
# Thai and Lao vowels written before the consonant they follow in speech: an initial skips them.
LEADING_VOWELS = re.compile("^[\u0e40-\u0e44\u0ec0-\u0ec4]+")


def first_letter(word):
    """Return the first letter of a word, upper-cased (a Thai or Lao vowel written before it skipped)."""
    word = unicodedata.normalize("NFC", word)
    word = LEADING_VOWELS.sub("", word) or word
    letters = [char for char in word if unicodedata.category(char).startswith("L")]
    return (letters[0] if letters else word[:1]).upper()


def initials(user):
    """Return up to two initials for a member: from their name, else from their email address."""
    words = (user.get_full_name() or "").split()
    if not words:
        words = [part for part in re.split(r"[._\-+]+", (user.email or "").split("@")[0]) if part]
    if not words:
        return "?"
    if len(words) == 1:
        return first_letter(words[0])
    return first_letter(words[0]) + first_letter(words[-1])


def initials_avatar_url(user, size):
    """Return a data: URL of a square SVG with the member's initials on a colour chosen by their id."""
    colour = COLOURS[user.pk % len(COLOURS)]
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{int(size)}' height='{int(size)}' viewBox='0 0 100 100'>"
        f"<rect width='100' height='100' fill='{colour}'/>"
        "<text x='50' y='50' dy='.35em' text-anchor='middle' fill='white' font-size='42' "
        f"font-family='system-ui, sans-serif'>{escape(initials(user))}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg, safe=":/=,.'")
