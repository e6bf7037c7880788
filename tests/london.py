"""The default London pack's facts, as literals copied from data/ (services.yaml, links.yaml,
emergency.yaml, packs/england.yaml and packs/london.yaml): what tests expect to see printed
and decoded, never read back from the pack under test, so a consistently wrong number in the
loader or the layout cannot pass unnoticed."""

MET = "https://www.met.police.uk/advice/advice-and-information/daa/domestic-abuse/"
GOVUK = "https://www.gov.uk/guidance/domestic-abuse-how-to-get-help"
QR_LINKS = [MET, GOVUK]                     # in order: cards and stickers carry the first
FEATURED = "0808 2000 247"                  # National Domestic Abuse Helpline
LISTED = {"Respect Phoneline": "0808 802 4040", "Men's Advice Line": "0808 801 0327",
          "Karma Nirvana": "0800 5999 247", "Hourglass": "0808 808 8141",
          "Galop LGBT+ Domestic Abuse Helpline": "0800 999 5428"}
ANONYMOUS = "0800 555 111"                  # Crimestoppers
EVERY_NUMBER = [FEATURED, *LISTED.values(), ANONYMOUS]
EMERGENCY, PRESS = "999", "55"
