"""The bundled data: every record valid, sourced and consistent."""

import phonenumbers

from generator.catalogue import load_catalogue
from generator.phones import digits, uk_number_problem


def test_every_service_number_is_a_valid_uk_number_printed_with_the_same_digits():
    catalogue = load_catalogue()
    assert len(catalogue.services) >= 8
    for service in catalogue.services.values():
        parsed = phonenumbers.parse(service.phone.dial, "GB")
        assert phonenumbers.is_valid_number(parsed), service.id
        assert digits(service.phone.print) == service.phone.dial, service.id
        assert service.source in catalogue.sources
        assert service.website.startswith("https://")


def test_the_issue_list_numbers_are_in_the_data():
    numbers = {s.id: s.phone.print for s in load_catalogue().services.values()}
    assert numbers["national-domestic-abuse-helpline"] == "0808 2000 247"
    assert numbers["respect-phoneline"] == "0808 802 4040"
    assert numbers["mens-advice-line"] == "0808 801 0327"
    assert numbers["karma-nirvana"] == "0800 5999 247"
    assert numbers["hourglass"] == "0808 808 8141"
    assert numbers["galop"] == "0800 999 5428"
    assert numbers["childline"] == "0800 1111"
    assert numbers["crimestoppers"] == "0800 555 111"


def test_hourglass_is_24_7_since_2022_and_cites_that_source():
    hourglass = load_catalogue().services["hourglass"]
    assert hourglass.hours.always
    assert hourglass.source == "hourglass-24-7-2022"


def test_mens_advice_line_one_digit_short_is_refused():
    # A published list prints it as "0808 801 032"; that must never reach a poster.
    problem = uk_number_problem("0808801032")
    assert problem and "10 digits; expected 11" in problem


def test_emergency_facts():
    emergency = load_catalogue().emergency
    assert (emergency.number, emergency.press) == ("999", "55")
    assert emergency.mobile_only and not emergency.reveals_location


def test_qr_links_are_current_pages_with_a_kind_and_no_covid_page():
    links = load_catalogue().links
    assert links["met-domestic-abuse"].url == "https://www.met.police.uk/advice/advice-and-information/daa/domestic-abuse/"
    assert links["govuk-domestic-abuse"].url == "https://www.gov.uk/guidance/domestic-abuse-how-to-get-help"
    assert links["police-scotland-domestic-abuse"].url == (
        "https://scotland.police.uk/advice-and-information/domestic-abuse/what-can-i-do-if-this-is-happening-to-me")
    assert links["live-fear-free-wales"].url == "https://gov.wales/live-fear-free"
    assert {link.kind for link in links.values()} <= {"police", "government", "service"}
    assert links["met-domestic-abuse"].kind == "police" and links["govuk-domestic-abuse"].kind == "government"
    assert not any("coronavirus" in link.url for link in links.values())


def test_each_nations_helpline_and_what_it_serves():
    services = load_catalogue().services
    assert services["live-fear-free"].phone.print == "0808 80 10 800"
    assert services["scotland-domestic-abuse-helpline"].phone.print == "0800 027 1234"
    assert services["dsa-helpline-ni"].phone.print == "0808 802 1414"
    assert services["live-fear-free"].serves == ("wales",) and services["live-fear-free"].serves_only
    assert services["dsa-helpline-ni"].serves == ("northern-ireland",)
    text = [r for r in services["live-fear-free"].routes if r.kind == "text"]
    assert text[0].value == "07860 077333" and text[0].hours.always


def test_emergency_routes_for_people_who_cannot_speak_or_hear():
    e = load_catalogue().emergency
    assert (e.sms_number, e.sms_word, e.relay_emergency, e.relay_prefix) == ("999", "register", "18000", "18001")
    assert e.landline_stay


def test_stale_records_are_reported_against_the_pack_limit():
    import datetime as dt

    from generator.pack import load_pack
    from generator.stale import warnings

    pack = load_pack()
    later = [w.field for w in warnings(pack, dt.date(2026, 11, 24)) if w.field.endswith("checked_on")]
    assert "services.respect-phoneline.checked_on" in later      # checked 2020-04
    assert "services.crimestoppers.checked_on" not in later      # checked 2026-11
    assert "services.national-domestic-abuse-helpline.checked_on" not in later   # 2026-11
    unconfirmed = [w.field for w in warnings(pack, dt.date(2020, 5, 1))]
    assert "services.mens-advice-line.hours" in unconfirmed


def test_check_command_lists_stale_records_and_the_limit_is_configurable():
    from tests.conftest import run_cli

    result = run_cli("check")
    assert result.code == 0
    assert "respect-phoneline.checked_on" in result.err
    result = run_cli("check", "--max-age-months", "1000")
    assert "checked_on" not in result.err


def _same(guarded, fast, where: str) -> None:
    """The same values of the same types, with the same file and line for every entry."""
    assert type(fast) is type(guarded) and fast == guarded, where
    if isinstance(guarded, (dict, list)):
        assert (fast.file, fast.line, fast.origins) == (guarded.file, guarded.line, guarded.origins), where
        pairs = guarded.items() if isinstance(guarded, dict) else enumerate(guarded)
        for key, value in pairs:
            _same(value, fast[key], f"{where}.{key}")


def test_the_bundled_data_reads_the_same_through_libyaml_as_through_the_guarded_parser():
    # Every command reads data/ through libyaml (yamlio.load_file); what people give goes
    # through the Python parser with its alias and depth guards. Both must give the same
    # values, types and line numbers, or a message about data/ would point at the wrong line.
    from generator import resources, yamlio

    assert yamlio._BUNDLED is not None, "PyYAML was installed without libyaml"
    files = sorted(p for p in resources.data_dir().rglob("*.yaml") if p.parent.name != "templates")
    assert len(files) >= 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        _same(yamlio.load_text(text, path.name), yamlio.load_text(text, path.name, bundled=True), path.name)
