"""The validated model: frozen dataclasses built once by the loaders, read by everything after.

Nothing downstream of :mod:`generator.pack` looks at YAML again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import FontError, PackError

if TYPE_CHECKING:
    from .logo import Logo
    from .sheets import LabelSheet

SpecT = TypeVar("SpecT")

# How the built-in packs are named in messages (data/packs/london.yaml): pack.py labels them so.
BUILT_IN_PACKS = "data/packs/"


@dataclass(frozen=True)
class Origin:
    """Where a record was written, for warnings that point back at it."""

    file: str
    line: int | None


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    published: dt.date


@dataclass(frozen=True)
class Phone:
    dial: str    # digits only, as dialled from a UK phone
    print: str   # the service's own grouping, same digits


@dataclass(frozen=True)
class OpeningSpan:
    first_day: int     # 0 = Monday
    last_day: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class Hours:
    """``always`` (24/7), a list of spans, a local service's own words (``note``), or none
    of these: not confirmed by any source."""

    always: bool = False
    spans: tuple[OpeningSpan, ...] = ()
    note: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.always or bool(self.spans) or bool(self.note)


ROUTE_KINDS = ("text", "webchat", "email", "callback", "bsl", "interpreters")


@dataclass(frozen=True)
class Route:
    """Another way into a service than a call, from a source of its own: a text number, web
    chat, email, a form to ask for a safe time to be called, BSL video, interpreters."""

    kind: str
    value: str | None          # the text number as printed, or the email address
    hours: Hours
    source: str
    checked_on: dt.date


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    phone: Phone
    free: bool
    hours: Hours
    for_whom: str
    description: str
    website: str
    source: str
    checked_on: dt.date
    origin: Origin
    short_name: str | None = None   # for cards and stickers, e.g. "Galop"
    short_for: str | None = None    # who it is for, in a few words, e.g. "Older people"
    serves: tuple[str, ...] | None = None   # nations a source says it serves; None: no source says
    serves_only: bool = False       # the source says these are all: other nations' packs refuse it
    routes: tuple[Route, ...] = ()

    @property
    def card_name(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Emergency:
    number: str
    press: str
    mobile_only: bool
    reveals_location: bool
    landline_stay: bool      # a silent landline call is put through: stay on the line
    sms_number: str          # emergencySMS: text this number, once registered
    sms_word: str            # ... by texting this word to it first
    relay_emergency: str     # Relay UK: this number reaches 999 by text relay
    relay_prefix: str        # and this before any number relays it
    source: str
    checked_on: dt.date
    origin: Origin


@dataclass(frozen=True)
class Link:
    id: str
    url: str
    owner: str
    kind: str               # police, government or service: what the caption may call it
    source: str
    checked_on: dt.date
    origin: Origin

    @property
    def printed(self) -> str:
        """The address as printed for people who cannot scan: no scheme, no trailing slash."""
        return self.url.removeprefix("https://").rstrip("/")


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class Colours:
    primary: str
    accent: str        # the local service's zone
    emergency: str
    text: str
    background: str
    # The pack's own CMYK values (whole per cent) for some of its colours, by #RRGGBB: a
    # brand's print specification, used in print-shop files instead of the profile's.
    cmyk: tuple[tuple[str, tuple[int, int, int, int]], ...] = ()


@dataclass(frozen=True)
class Branding:
    organisation: str | None
    contact: str | None
    logo: "Logo | None"
    local_blank: bool


@dataclass(frozen=True)
class Wording:
    headline: str | None
    strapline: str | None     # the line under the headline


@dataclass(frozen=True)
class PosterSpec:
    sizes: tuple[Paper, ...]


@dataclass(frozen=True)
class WalletCardSpec:
    front: str                      # "standard", or "discreet": a front that never names abuse
    imposition: str | None          # an id from data/cards.yaml; None chooses by background
    listed: tuple[Service, ...]     # the helplines on the back, in order


@dataclass(frozen=True)
class StickerSpec:
    sheet: "LabelSheet"
    wording: str            # "discreet" (default) or "explicit"
    start_at: int           # 1-based: the first unused label on a part-used sheet
    count: int              # how many labels to fill
    local: bool = True      # add the pack's local number, where the pack has one


@dataclass(frozen=True)
class LargePrintSpec:
    body_pt: float          # at least 18 pt (NHS Accessible Information Standard; UKAAF)


@dataclass(frozen=True)
class Pack:
    """A validated pack: everything a build needs, resolved against the bundled data."""

    name: str
    title: str
    language: str           # the first (or only) language's code: fonts, direction, PDF /Lang
    file: str
    max_age_months: int
    featured: Service
    listed: tuple[Service, ...]
    anonymous: Service | None
    qr_links: tuple[Link, ...]
    emergency: Emergency
    wording: Wording
    branding: Branding
    colours: Colours
    strings: dict = field(hash=False, compare=False)
    languages: tuple = ()            # generator.languages.Language, first printed first
    translation_reviewed_by: str | None = None   # the pack's own word that a native speaker checked
    local: Service | None = None     # the pack's own local service, printed on every product
    # Each product the pack makes, by its id (generator.products), with its checked spec, in
    # the registry's order; a product the pack switches off is absent.
    specs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    nation: str | None = None        # england, wales, scotland or northern-ireland
    # The day claims are judged against: hours and routes older than max_age_months are left out.
    as_of: dt.date = dt.date(2026, 11, 30)
    # Every field as written: dotted path -> (file, line, value), to point errors found later at a line.
    origins: dict = field(default_factory=dict, hash=False, compare=False, repr=False)

    def locate(self, error: PackError) -> PackError:
        """``error`` (found while laying out) pointed at the file and line that caused it: its
        field's, or for a character no font has, the first field whose text holds it."""
        if error.line is not None:
            return error
        if isinstance(error, FontError) and error.char:
            for path, (file, line, value) in self.origins.items():
                if isinstance(value, str) and error.char in value:
                    error.file, error.line, error.field = file, line, path
                    return error
        path = error.field or ""
        while path:
            if path in self.origins:
                error.file, error.line = self.origins[path][:2]
                if str(error.file).startswith(BUILT_IN_PACKS) and self.file and \
                        not str(self.file).startswith(BUILT_IN_PACKS):
                    # A field the built-in pack set is changed in one's own pack, by setting it
                    # there: the message names that file, not a line of the built-in one.
                    error.file, error.line = self.file, None
                return error
            path = path.rpartition(".")[0] if "[" not in path.rpartition(".")[2] else path.rpartition("[")[0]
        return error

    def fresh(self, checked_on: dt.date) -> bool:
        """Whether a fact confirmed in ``checked_on`` may still be printed as a claim."""
        age = (self.as_of.year - checked_on.year) * 12 + self.as_of.month - checked_on.month
        return age <= self.max_age_months

    def vouched_hours(self, service: Service) -> Hours:
        """The hours a product may print: the record's while it is within the pack's age
        limit, else none (products then point to the website)."""
        if service.hours.note or self.fresh(service.checked_on):
            return service.hours
        return Hours()

    def vouched_routes(self, service: Service) -> tuple[Route, ...]:
        """A service's other routes in whose record is within the pack's age limit."""
        return tuple(route for route in service.routes if self.fresh(route.checked_on))

    @property
    def draft_languages(self) -> tuple:
        """Languages printed from a translation no native speaker has reviewed (for this
        pack or upstream), or with sentences it lacks printed in English: products carry the
        draft mark until one has and nothing is missing."""
        return tuple(lang for lang in self.languages
                     if lang.fallbacks or not (lang.reviewed or self.translation_reviewed_by))

    @property
    def rtl(self) -> bool:
        """Laid out right to left (Arabic, Urdu): every piece mirrored, text right-aligned. A
        pack with a right-to-left language beside a left-to-right one is not: each language
        keeps its own direction in its own column (see text.Style.languages)."""
        return bool(self.languages) and all(lang.direction == "rtl" for lang in self.languages)

    @property
    def codes(self) -> tuple[str, ...]:
        """Each language's code, first printed first: the language of each part of a
        bilingual text (text.Style.languages)."""
        return tuple(lang.code for lang in self.languages)

    @property
    def services(self) -> tuple[Service, ...]:
        """Every service the pack prints, featured first and the local service last."""
        extra = (self.anonymous,) if self.anonymous else ()
        local = (self.local,) if self.local else ()
        return (self.featured, *self.listed, *extra, *local)

    @property
    def data_date(self) -> dt.date:
        """The oldest check among everything printed: the date the footer can honestly give."""
        dates = [s.checked_on for s in self.services]
        dates += [link.checked_on for link in self.qr_links]
        dates.append(self.emergency.checked_on)
        return min(dates)

    @property
    def products(self) -> tuple[str, ...]:
        """The ids of the products the pack makes, in the order they are shown."""
        return tuple(self.specs)

    def spec(self, product: str, kind: type[SpecT]) -> SpecT:
        """The checked spec of a product this pack makes, as its type (a build asks only for
        the products the pack makes)."""
        found = self.specs.get(product)
        if not isinstance(found, kind):
            raise PackError(f"this pack makes no {product}; add it under products:", field=f"products.{product}")
        return found

    def with_spec(self, product: str, spec: Any) -> "Pack":
        """The pack with ``product``'s spec replaced (None: the product switched off)."""
        specs = {key: (spec if key == product else value) for key, value in self.specs.items()}
        if product not in specs and spec is not None:
            specs[product] = spec
        return replace(self, specs={key: value for key, value in specs.items() if value is not None})

    # The four products the layouts were written for, by name, as the layout modules read them.
    @property
    def poster(self) -> PosterSpec | None:
        return self.specs.get("poster")

    @property
    def wallet_card(self) -> WalletCardSpec | None:
        return self.specs.get("wallet-card")

    @property
    def sticker(self) -> StickerSpec | None:
        return self.specs.get("sticker")

    @property
    def large_print(self) -> LargePrintSpec | None:
        return self.specs.get("large-print")
