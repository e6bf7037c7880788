"""UK phone numbers: validated with libphonenumber's data, never by hand-written patterns.

A number is kept twice: as dialled (digits only) and as printed (the service's own grouping,
e.g. ``0808 2000 247``). The two must carry the same digits, so a typo in either is caught.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberType

from .model import Phone
from .reader import Reader

_PRINTABLE = re.compile(r"^0[0-9 ]+[0-9]$")


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def uk_number_problem(dial: str) -> str | None:
    """Why ``dial`` is not a valid UK number, or None if it is."""
    if not dial.isdigit() or not dial.startswith("0"):
        return "is not a UK number; write it with its leading 0, digits and spaces only"
    try:
        parsed = phonenumbers.parse(dial, "GB")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number_for_region(parsed, "GB"):
        return None
    count = len(dial)
    if count < 11:
        return (f"is not a valid UK number ({count} digits; expected 11): a digit may be missing, "
                "copy it again from the service's own website")
    if count > 11:
        return f"is not a valid UK number ({count} digits; expected 11): a digit may be doubled"
    return "is not a valid UK number: no UK number range starts like this; check every digit"


def is_freephone(dial: str) -> bool:
    parsed = phonenumbers.parse(dial, "GB")
    return phonenumbers.number_type(parsed) == PhoneNumberType.TOLL_FREE


def read_phone(reader: Reader, key: str = "phone") -> Phone:
    """Read ``phone: "0808 801 0327"`` or ``phone: {dial: ..., print: ...}``."""
    value = reader.raw(key)
    if isinstance(value, str):
        printed = " ".join(value.split())
        dial = digits(printed)
        where, field_reader = key, reader
    else:
        inner = reader.mapping_at(key)
        assert inner is not None
        dial_text = inner.text("dial")
        printed = inner.text("print", required=False) or dial_text
        inner.finish()
        dial = dial_text.replace(" ", "")
        where, field_reader = "dial", inner
        if digits(printed) != dial:
            raise inner.bad("print", printed, f"has other digits than dial ({dial}); "
                            "print and dial must be the same number")
        if not _PRINTABLE.match(printed):
            raise inner.bad("print", printed, "may hold only digits and spaces, starting with 0")
    if any(ch.isalpha() for ch in printed):
        raise field_reader.bad(where, value if isinstance(value, str) else dial,
                               "has letters in it; write the number in digits, as the service gives it")
    problem = uk_number_problem(dial)
    if problem:
        raise field_reader.bad(where, value if isinstance(value, str) else dial, problem)
    if not _PRINTABLE.match(printed):
        raise reader.bad(key, printed, "may hold only digits and spaces, starting with 0")
    return Phone(dial=dial, print=printed)
