"""The unified social credit code (统一社会信用代码) of GB 32100-2015 and its check digit."""

from __future__ import annotations

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: index for index, char in enumerate(_ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character that GB 32100-2015 computes from the first 17."""
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return _ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid credit code, or None when it is valid."""
    if len(code) != 18:
        return f"{code!r} has {len(code)} characters; expected 18 (统一社会信用代码)"
    bad = sorted({char for char in code if char not in _VALUE})
    if bad:
        return (
            f"{code!r} contains {''.join(bad)!r}; expected digits and capital letters "
            "other than I, O, Z, S, V (GB 32100-2015)"
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"{code!r} has check character {code[17]!r}; GB 32100-2015 gives {expected!r}"
    return None
