"""Roman numerals, as used in session numbers: ``XXXV`` in ``AG/RES. 2141 (XXXV-O/05)``.

``from_roman`` accepts only well-formed numerals (``patterns.ROMAN_NUMERAL``), so
``from_roman(to_roman(n)) == n`` for every ``n`` in 1..3999 and a malformed numeral gives
``None`` rather than a guess.
"""

from __future__ import annotations

from .patterns import ROMAN_NUMERAL

_SYMBOLS: tuple[tuple[int, str], ...] = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}

MAX_ROMAN = 3999


def to_roman(number: int) -> str:
    """``35 -> "XXXV"``. Raises ``ValueError`` outside 1..3999."""
    if not 1 <= number <= MAX_ROMAN:
        raise ValueError(f"no Roman numeral for {number}: expected 1..{MAX_ROMAN}")
    digits = []
    for value, symbol in _SYMBOLS:
        count, number = divmod(number, value)
        digits.append(symbol * count)
    return "".join(digits)


def from_roman(numeral: str) -> int | None:
    """``"XXXV" -> 35`` (case-insensitive); ``None`` if the numeral is not well formed."""
    numeral = numeral.strip().upper()
    if not numeral or ROMAN_NUMERAL.fullmatch(numeral) is None:
        return None
    total = 0
    for symbol, following in zip(numeral, numeral[1:] + " "):
        value = _VALUES[symbol]
        total += -value if following != " " and _VALUES[following] > value else value
    return total
