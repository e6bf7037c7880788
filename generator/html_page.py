"""The pack's content as one accessible web page, ``pack.html``: for a charity's website and
for anyone who reads with a screen reader rather than from paper.

The same words and facts as the large-print sheet, as plain semantic HTML: headings in
order, the helplines as a list, every number a ``tel:`` link and every address a link, the
page's language (and each part's, in a bilingual pack) and direction marked. No script, no
web font and no resource from anywhere else, so it can be pasted into a site or opened from
a USB stick; its colours are the pack's, which the pack has already checked for contrast.
"""

from __future__ import annotations

from html import escape

from .languages import language_tag
from .model import Pack, Service
from .wording import (
    deaf_lines,
    emergency_facts,
    emergency_lines,
    fill,
    footer,
    hours_text,
    link_caption,
    printed_web,
    route_lines,
    service_for,
)


class _Page:
    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.codes = [lang.code for lang in pack.languages] or [pack.language]
        # A right-to-left language beside a left-to-right one: each part marked with its own
        # direction, so a browser sets Arabic punctuation on Arabic's side in an English page.
        directions = [lang.direction for lang in pack.languages]
        self.dirs = [f' dir="{d}"' for d in directions] if len(set(directions)) > 1 else [""] * len(self.codes)

    def text(self, value: str) -> str:
        """Escaped text; each language of a bilingual pair in its own span with its ``lang``."""
        parts = getattr(value, "parts", None)
        if not parts:
            return escape(value)
        return "<br>".join(f'<span lang="{language_tag(code)}"{direction}>{escape(part)}</span>'
                           for code, direction, part in zip(self.codes, self.dirs, parts, strict=False))

    def paragraph(self, value: str | None, css: str = "") -> str:
        if not value:
            return ""
        attribute = f' class="{css}"' if css else ""
        return f"<p{attribute}>{self.text(value)}</p>"

    @staticmethod
    def phone(number: str, dial: str) -> str:
        international = "+44" + dial[1:] if dial.startswith("0") and len(dial) > 4 else dial
        # dir="ltr" isolates the number: in Urdu or Arabic text a browser would otherwise set
        # "0808 2000 247" as "247 2000 0808", as UAX #9 does on paper (see generator.shaping).
        return f'<a class="number" dir="ltr" href="tel:{escape(international)}">{escape(number)}</a>'

    def service(self, service: Service, kicker: str | None = None) -> str:
        hours = hours_text(service, self.pack)
        lines = [f'<p class="kicker">{self.text(kicker)}</p>' if kicker else "",
                 f"<h3>{escape(service.name)}</h3>",
                 f"<p>{self.phone(service.phone.print, service.phone.dial)}</p>",
                 self.paragraph(service_for(service, self.pack.strings))]
        if service.website:
            web = escape(printed_web(service.website))
            link = f'<a dir="ltr" href="{escape(service.website)}">{web}</a>'
            # Hours unconfirmed: the hours line is the website, which becomes the link.
            lines += ([self.paragraph(hours).replace(web, link, 1)] if web in self.text(hours)
                      else [self.paragraph(hours), f"<p>{link}</p>"])
        else:
            lines.append(self.paragraph(hours))
        lines += [self.paragraph(line) for line in route_lines(service, self.pack)]
        return "<li>" + "".join(line for line in lines if line) + "</li>"

    def render(self) -> str:
        pack, words = self.pack, self.pack.strings
        poster, large = words["poster"], words["large_print"]
        facts = emergency_facts(pack)
        c = pack.colours
        body = [f"<h1>{self.text(pack.wording.headline or poster['headline'])}</h1>",
                self.paragraph(pack.wording.strapline or poster["reassurance"], "lead"),
                '<section class="emergency" aria-labelledby="emergency">',
                f'<h2 id="emergency">{self.text(fill(poster["emergency_title"], **facts))}</h2>',
                *(self.paragraph(text) for _, text in emergency_lines(pack)),
                f"<h3>{self.text(poster['deaf_title'])}</h3>",
                *(self.paragraph(text) for _, text in deaf_lines(pack)),
                "</section>",
                '<section aria-labelledby="helplines">',
                f'<h2 id="helplines">{self.text(large["helplines_title"])}</h2>',
                '<ul class="services">',
                *(self.service(service) for service in (pack.featured, *pack.listed)),
                "</ul>"]
        if pack.local is not None:
            body += ['<ul class="services local">', self.service(pack.local, large["local_kicker"]), "</ul>"]
        if pack.anonymous is not None:
            service = pack.anonymous
            line = escape(fill(poster["anonymous"], name=service.name, number=service.phone.print))
            number = escape(service.phone.print)
            body.append("<p>" + line.replace(number, self.phone(service.phone.print, service.phone.dial), 1) + "</p>")
        body.append("</section>")
        if pack.qr_links:
            body += ['<section aria-labelledby="links">', f'<h2 id="links">{self.text(large["links_title"])}</h2>',
                     "<ul>", *(f'<li><a href="{escape(link.url)}">{self.text(link_caption(link, words))}</a></li>'
                               for link in pack.qr_links), "</ul>", "</section>"]
        body.append(self.paragraph(poster["safety"]))
        branding = pack.branding
        foot = []
        if branding.organisation:
            foot.append(self.paragraph(fill(poster["organisation_line"], organisation=branding.organisation)))
            foot.append(self.paragraph(branding.contact))
        foot.append(self.paragraph(footer(pack, "large_print")))
        if pack.draft_languages:
            foot.append(self.paragraph(words["draft_mark"]))
        direction = "rtl" if pack.rtl else "ltr"
        title = escape(pack.title)
        style = (f"body{{margin:0;background:{c.background};color:{c.text};font:1.125rem/1.5 system-ui,sans-serif}}"
                 "main,footer{max-width:40rem;margin:0 auto;padding:1rem}"
                 f"h1{{color:{c.primary};font-size:2rem;margin:.5rem 0}}h2{{color:{c.primary};font-size:1.4rem}}"
                 "h3{font-size:1.15rem;margin:0}p{margin:.25rem 0}"
                 f"a{{color:{c.primary}}}a:focus{{outline:3px solid {c.text};outline-offset:2px}}"
                 f".emergency{{border-inline-start:.4rem solid {c.emergency};padding-inline-start:1rem}}"
                 f".emergency h2{{color:{c.emergency}}}.number{{font-weight:bold;font-size:1.3rem}}"
                 ".services{list-style:none;padding:0}.services li{padding:.75rem 0;border-bottom:1px solid}"
                 f".kicker{{color:{c.accent};font-weight:bold}}.lead{{font-size:1.25rem}}")
        return (f'<!DOCTYPE html>\n<html lang="{language_tag(self.codes[0])}" dir="{direction}">\n<head>\n'
                '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{title}</title>\n<style>{style}</style>\n</head>\n<body>\n<main>\n"
                + "\n".join(part for part in body if part)
                + "\n</main>\n<footer>\n" + "\n".join(part for part in foot if part)
                + "\n</footer>\n</body>\n</html>\n")


def page(pack: Pack) -> bytes:
    """``pack.html``: the pack's content as an accessible web page, UTF-8."""
    return _Page(pack).render().encode("utf-8")
