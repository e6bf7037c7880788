"""Every bad input: one line naming file, line and field, exit code 2, nothing written.

The rows live in ``tests/bad_inputs.py``; each must say exactly what ``docs/bad-input.md``
says it does.
"""

import tracemalloc
from pathlib import Path

import pytest
import yaml

from generator import output
from generator.errors import DataError
from generator.yamlio import load_text
from tests.bad_inputs import CASES, GOOD, documented, message, run_case, setup_case
from tests.conftest import run_cli

DOCUMENTED = documented()


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", list(CASES))
def test_each_bad_input_gets_the_line_the_docs_give(name, tmp_path, monkeypatch):
    setup_case(name, tmp_path, monkeypatch)
    before = _files(tmp_path)
    code, err = run_case(name, tmp_path)
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert message(err) == DOCUMENTED[name], "docs/bad-input.md is out of date: run python tests/bad_inputs.py"
    assert _files(tmp_path) == before, "a refused command must write nothing"
    assert not list(tmp_path.rglob(f"{output.STAGING_PREFIX}*"))


def test_every_row_of_the_docs_is_a_case():
    assert list(DOCUMENTED) == list(CASES)


@pytest.mark.parametrize("name", ["billion-laughs", "deep-nesting"])
def test_yaml_bombs_are_refused_early_in_little_memory(name, monkeypatch):
    """Bound the work, not the time: a bomb is refused after reading a few hundred
    characters of it (the old scanner read all 5,000 brackets, each step walking every
    open one) and in under 20 MB."""
    read = []
    forward = yaml.reader.Reader.forward

    def counting_forward(self, length=1):
        read.append(length)
        forward(self, length)

    monkeypatch.setattr(yaml.reader.Reader, "forward", counting_forward)
    tracemalloc.start()
    with pytest.raises(DataError):
        load_text(CASES[name].pack, "mypack.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(GOOD) < sum(read) < len(GOOD) + 600, sum(read)
    assert peak < 20_000_000, peak


def test_a_number_too_long_for_python_stays_text_for_the_field_to_refuse():
    value = load_text(CASES["huge-number"].pack, "mypack.yaml")["data_max_age_months"]
    assert value == "9" * 5000


def test_failed_build_leaves_the_previous_output_untouched(write_pack, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--out", out, "--products", "poster").code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert out / "previews" / "proof.png" in before
    bad = write_pack(GOOD + "colours:\n  primary: purple\n")
    assert run_cli("build", "--config", bad, "--out", out).code == 2
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_check_validates_and_writes_nothing(write_pack, tmp_path):
    result = run_cli("check", "--config", write_pack(GOOD))
    assert result.code == 0 and "valid" in result.out
    result = run_cli("check", "--config", write_pack(GOOD + "brandng: {}\n", "other.yaml"))
    assert result.code == 2 and "other.yaml:2:" in result.err
