"""The font families the products are set in, as plain data: which files each uses and which
script each draws. Read by the font registration (``fonts``) and by the strings files' checks
(``languages``), which must not need ReportLab to know a family's name."""

# family -> (regular file, bold file); see fonts/README.md for where each comes from.
FAMILIES = {
    "latin": ("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf"),
    "latin-next": ("AtkinsonHyperlegibleNext-Regular.ttf", "AtkinsonHyperlegibleNext-Bold.ttf"),
    "naskh": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    "gurmukhi": ("NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf"),
    "bengali": ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    "gujarati": ("NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf"),
}

# The script each family draws; a language's strings file names its own families (`fonts:`),
# and one of them for a script replaces the default (Welsh: Latin from Atkinson Next, for ŵ ŷ).
FAMILY_SCRIPT = {"latin": "Latn", "latin-next": "Latn", "naskh": "Arab", "gurmukhi": "Guru", "bengali": "Beng",
                 "gujarati": "Gujr"}
