"""The unified social credit code (统一社会信用代码) of GB 32100-2015 and its check digit."""

from __future__ import annotations

from itertools import repeat
from operator import mod, mul, neg

from ..base.errors import Problem

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: index for index, char in enumerate(_ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


#: Each valid character as the byte of its value (0-30); any other character becomes 0xFF.
_AS_BYTES = bytes.maketrans(_ALPHABET.encode(), bytes(range(31)))
_INVALID = bytes(sorted(set(range(256)) - set(_ALPHABET.encode())))


def check_character(first17: str) -> str:
    """The 18th character that GB 32100-2015 computes from the first 17."""
    total = sum(map(mul, first17.encode("ascii").translate(_AS_BYTES), _WEIGHTS))
    return _ALPHABET[(31 - total % 31) % 31]


def valid_credit_code(code: str) -> bool:
    """Whether ``code`` is 18 valid characters with the right check character (fast path)."""
    if len(code) != 18 or not code.isascii():
        return False
    raw = code.encode("ascii")
    if raw.translate(None, _INVALID) != raw:
        return False
    return _ALPHABET[(31 - sum(map(mul, raw.translate(_AS_BYTES), _WEIGHTS)) % 31) % 31] == code[17]


#: Each valid character as the digit of its value in base 34, in which 34 ≡ 3 (mod 31): read
#: backwards, the first 17 characters in base 34 are their weighted sum (3^i mod 31 weights).
_AS_BASE_34 = bytes.maketrans(_ALPHABET.encode(), b"0123456789abcdefghijklmnopqrstu")


def all_valid_credit_codes(codes: list[str]) -> bool:
    """Whether every code is valid, as :func:`valid_credit_code` says, checked all at once:
    for readers of many codes (a roster's column), at a few C-level passes over them."""
    joined = "".join(codes)
    if not codes or set(map(len, codes)) != {18} or not joined.isascii():
        return not codes
    raw = joined.encode("ascii")
    if raw.translate(None, _INVALID) != raw:
        return False
    values = raw.translate(_AS_BYTES)
    backwards = raw.translate(_AS_BASE_34)[::-1]  # each code backwards, the last code first
    end = len(backwards)
    bodies = map(backwards.__getitem__, map(slice, range(1, end, 18), range(18, end + 1, 18)))
    sums = map(neg, map(int, bodies, repeat(34)))
    checks = bytes(map(mod, sums, repeat(31)))
    return checks[::-1] == values[17::18]


def credit_code_problem(code: str) -> Problem | None:
    """Why ``code`` is not a valid credit code, or None when it is valid."""
    if valid_credit_code(code):
        return None
    if len(code) != 18:
        return Problem("code_length", value=code, length=len(code), expected="18")
    bad = sorted({char for char in code if char not in _VALUE})
    if bad:
        return Problem("code_characters", value=code, bad="".join(bad))
    expected = check_character(code[:17])
    if code[17] != expected:
        return Problem("code_check", value=code, given=code[17], expected=expected)
    return None
