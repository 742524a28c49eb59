"""Verification codes: 15 random characters and a check character, from an alphabet without look-alikes.

The alphabet leaves out 0, 1, I, L and O, so a code read off paper is typed right. 15 characters from 31 carry
about 74 bits: guessing one is hopeless, whatever the rate limit. The check character (a weighted sum mod 31) catches
every single mistyped character and every swap of neighbours before any lookup. Codes are stored as 16 characters and
shown in groups of four (ABCD-EFGH-JKMN-PQRS); typed codes may use any case, spaces and dashes.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_LENGTH = 15
CODE_LENGTH = RANDOM_LENGTH + 1
MAX_INPUT_LENGTH = 64
_INDEX = {character: index for index, character in enumerate(ALPHABET)}


def check_character(payload):
    """Return the check character: the sum of each character's value times its position (1, 2, …), mod 31.

    31 is prime and the weights are distinct and below it, so any one changed character, and any two neighbours
    swapped, change the sum.
    """
    return ALPHABET[sum(position * _INDEX[character] for position, character in enumerate(payload, 1)) % len(ALPHABET)]


def new_code():
    """Return a fresh random code (16 characters, no dashes)."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return payload + check_character(payload)


def normalize(text):
    """Return a typed code as stored (upper case, no spaces or dashes), or None if it cannot be a valid code."""
    if not isinstance(text, str) or len(text) > MAX_INPUT_LENGTH:
        return None
    cleaned = "".join(character for character in text.upper() if character not in " -\t\u00a0")
    if len(cleaned) != CODE_LENGTH or any(character not in _INDEX for character in cleaned):
        return None
    if check_character(cleaned[:-1]) != cleaned[-1]:
        return None
    return cleaned


def format_code(code):
    """Return a stored code in groups of four for reading: ABCD-EFGH-JKMN-PQRS."""
    return "-".join(code[index : index + 4] for index in range(0, len(code), 4))
