"""UK phone numbers: validated with libphonenumber's data, never by hand-written patterns.

A number is kept twice: as dialled (digits only) and as printed (the service's own grouping,
e.g. ``0808 2000 247``). The two must carry the same digits, so a typo in either is caught.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

from .model import Phone
from .reader import Reader

_PRINTABLE = re.compile(r"^0[0-9 ]+[0-9]$")
# How people write numbers: +44 20 7946 0123, (020) 7946 0123, 020-7946-0123, 020.7946.0123.
_WRITTEN = re.compile(r"^\+?[0-9 ()\-.]+$")
_SHORT = re.compile(r"^[0-9]{3,6}$")
# Ranges a caller pays for beyond an ordinary call, which no helpline or local service may
# print: the caller may be on a phone someone else pays for, or on no credit at all.
_CHARGEABLE = {
    PhoneNumberType.PREMIUM_RATE: "a premium-rate number, which charges callers by the minute",
    PhoneNumberType.SHARED_COST: "a service-charge number (084 or 087), which charges callers more than a normal call",
    PhoneNumberType.PERSONAL_NUMBER: "a personal number (070), which charges callers at premium rates and can be "
                                     "redirected anywhere",
    PhoneNumberType.PAGER: "a pager number (076), which charges callers and reaches no one to talk to",
}


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def uk_number_problem(dial: str) -> str | None:
    """Why ``dial`` is not a valid UK number a helpline may print, or None if it is.

    Short numbers the police and helplines publish (101, 111, 116 123, 18000) are valid;
    ``18001`` before a valid number is a text-relay call to it."""
    if dial.startswith("18001") and len(dial) > 6:
        problem = uk_number_problem(dial[5:])
        return f"after the text-relay prefix 18001: {problem}" if problem else None
    if _SHORT.match(dial) and not dial.startswith("0"):
        short = phonenumbers.parse(dial, "GB")
        if dial.startswith("118"):
            # Directory enquiries: libphonenumber does not know their cost, Ofcom's tariffs do.
            return ("is a directory-enquiries number (118), which charges callers by the minute; give the "
                    "service's own number")
        if shortnumberinfo.is_valid_short_number_for_region(short, "GB"):
            if shortnumberinfo.expected_cost_for_region(short, "GB") == shortnumberinfo.ShortNumberCost.PREMIUM_RATE:
                return "is a premium-rate short number; give the service's ordinary number"
            return None
        return "is not a UK number; write it with its leading 0, or a short number such as 101 or 111"
    if not dial.isdigit() or not dial.startswith("0"):
        return "is not a UK number; write it with its leading 0, digits and spaces only"
    parsed: phonenumbers.PhoneNumber | None
    try:
        parsed = phonenumbers.parse(dial, "GB")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number_for_region(parsed, "GB"):
        kind = phonenumbers.number_type(parsed)
        if kind in _CHARGEABLE:
            # libphonenumber files 084 and 087 with premium rate; callers know them as service charge.
            what = _CHARGEABLE[PhoneNumberType.SHARED_COST] if dial.startswith(("084", "087")) else _CHARGEABLE[kind]
            return (f"is {what}; a helpline or local service must be free or cost no more than an "
                    "ordinary call, so give the service's ordinary number")
        return None
    count = len(dial)
    if count < 11:
        return (f"is not a valid UK number ({count} digits; expected 11): a digit may be missing, "
                "copy it again from the service's own website")
    if count > 11:
        return f"is not a valid UK number ({count} digits; expected 11): a digit may be doubled"
    return "is not a valid UK number: no UK number range starts like this; check every digit"


def is_freephone(dial: str) -> bool:
    if dial.startswith("18001") and len(dial) > 6:
        return is_freephone(dial[5:])
    parsed = phonenumbers.parse(dial, "GB")
    if _SHORT.match(dial) and not dial.startswith("0"):
        return shortnumberinfo.expected_cost_for_region(parsed, "GB") == shortnumberinfo.ShortNumberCost.TOLL_FREE
    return phonenumbers.number_type(parsed) == PhoneNumberType.TOLL_FREE


def _as_written(text: str) -> tuple[str, str]:
    """(digits as dialled, the grouping to print) from a number as people write it: the
    writer's own grouping where it is plain digits and spaces, else the standard UK one."""
    printed = " ".join(text.split())
    national = re.sub(r"^\+44\s*(\(0\)\s*)?", "0", printed)
    dial = digits(national)
    if _PRINTABLE.match(national) or (_SHORT.match(dial) and national.replace(" ", "") == dial):
        return dial, national
    if dial.startswith("0"):
        parsed = phonenumbers.parse(dial, "GB")
        return dial, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return dial, dial


def read_plain_number(reader: Reader, key: str) -> str:
    """A number written as people write it, checked, as it should be printed."""
    return _checked(reader, key, reader.text(key)).print


def _checked(reader: Reader, key: str, value: str) -> Phone:
    if any(ch.isalpha() for ch in value):
        raise reader.bad(key, value, "has letters in it; write the number in digits, as the service gives it")
    if not _WRITTEN.match(value):
        raise reader.bad(key, value, "may hold only digits, spaces, brackets, hyphens and a leading +44")
    if value.lstrip().startswith("+") and not re.match(r"^\+44", value.strip()):
        raise reader.bad(key, value, "is not a UK number; products print UK numbers only")
    dial, printed = _as_written(value)
    problem = uk_number_problem(dial)
    if problem:
        raise reader.bad(key, value, problem)
    return Phone(dial=dial, print=printed)


def read_phone(reader: Reader, key: str = "phone") -> Phone:
    """Read ``phone: "0808 801 0327"`` (or ``+44 20 7946 0123``, ``(020) 7946 0123``, ``101``)
    or ``phone: {dial: ..., print: ...}``."""
    value = reader.raw(key)
    if isinstance(value, str):
        return _checked(reader, key, value)
    inner = reader.mapping_at(key)
    assert inner is not None
    dial_text = inner.text("dial")
    printed = inner.text("print", required=False) or dial_text
    inner.finish()
    dial = dial_text.replace(" ", "")
    if digits(printed) != dial:
        raise inner.bad("print", printed, f"has other digits than dial ({dial}); "
                        "print and dial must be the same number")
    if not _PRINTABLE.match(printed) and not (_SHORT.match(dial) and printed == dial):
        raise inner.bad("print", printed, "may hold only digits and spaces, starting with 0")
    problem = uk_number_problem(dial)
    if problem:
        raise inner.bad("dial", dial, problem)
    return Phone(dial=dial, print=printed)


# A phone number in free text: six or more digits (116 123 is the shortest), in groups split
# by spaces, hyphens or dots. Numbers print only from a record (service, local service,
# emergency), where they are validated; one typed into a headline or a translation is checked
# by nothing, so the pack's free text and every translation are refused if they hold one.
FREE_TEXT_NUMBER = re.compile(r"(?<![\w/])\+?\d(?:[ \-.()]?\d){5,}")


def number_in_text(text: str | None) -> str | None:
    """The first phone number written into ``text``, or None."""
    found = FREE_TEXT_NUMBER.search(text or "")
    return found.group().strip() if found else None
