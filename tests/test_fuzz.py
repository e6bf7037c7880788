"""Property: any mutation of a good pack builds a pack that passes verify, or is refused cleanly.

Hypothesis takes one of the example packs, changes one thing in it (drops a field, gives it
another type, makes it very long, or slips an odd character into it) and runs the whole
build with verify. The answer must be exit 0 with every check passed, or exit 2 with one
line and nothing written: never a traceback, never exit 1 (a pack the build accepted but
that fails its own checks), never a file left behind.

CI runs a fixed, derandomised set of examples inside the test budget; for a longer hunt:
``HYPOTHESIS_PROFILE=hunt python3 dev.py test -k fuzz``.
"""

import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import output
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("gp-surgery", "charity", "pharmacy")

settings.register_profile("ci", max_examples=30, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("hunt", max_examples=400, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ODD = [
    "\u202e",        # right-to-left override
    "\u200b",        # zero-width space
    "\u200d",        # zero-width joiner
    "\u0301",        # combining acute accent
    "\u00a0",        # no-break space
    "\U0001F49C",    # an emoji
    "\u4f60",        # a CJK character
    "\u0628",        # an Arabic letter
    "\ufffd",        # the replacement character
    "\x00", "\x07", "\t", "\n",
    "\u0130", "\u00df", "\u2019", '"', "'", "#", ": ", "- ", "{", "[", "*", "&", "!", "%",
]
OTHER_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20), st.lists(st.text(max_size=6), max_size=3),
    st.dictionaries(st.text(min_size=1, max_size=6), st.integers(0, 9), max_size=2),
)


def _plain(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _paths(value, here=()) -> list[tuple]:
    """Every place in a document: keys of mappings and indexes of lists, depth first."""
    found = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found.append((*here, key))
        found += _paths(item, (*here, key))
    return found


@st.composite
def mutated_packs(draw) -> tuple[str, str, str]:
    """(example, what changed, the mutated pack's YAML text)."""
    example = draw(st.sampled_from(EXAMPLES))
    document = _plain(ROOT / "examples" / example / "pack.yaml")
    place = draw(st.sampled_from(_paths(document)))
    *parent_path, key = place
    parent = document
    for step in parent_path:
        parent = parent[step]
    old = parent[key]
    how = draw(st.sampled_from(["drop", "retype", "lengthen", "odd character"]))
    if how == "drop":
        del parent[key]
    elif how == "retype":
        parent[key] = draw(OTHER_VALUES)
    elif how == "lengthen":
        times = draw(st.integers(2, 40))
        parent[key] = (str(old) + " ") * times if not isinstance(old, (list, dict)) else (
            old * times if isinstance(old, list) else {**old, **{f"extra{i}": "x" for i in range(times)}})
    else:
        text = str(old) if not isinstance(old, (list, dict)) else "text"
        at = draw(st.integers(0, len(text)))
        parent[key] = text[:at] + draw(st.sampled_from(ODD)) + text[at:]
    change = f"{how} {'.'.join(map(str, place))}"
    return example, change, yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def _left_behind(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.name != output.LOCK]


@given(mutated_packs())
def test_a_mutated_pack_builds_and_verifies_or_is_refused_cleanly(case):
    example, change, text = case
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        shutil.copytree(ROOT / "examples" / example, folder / "pack")
        pack = folder / "pack" / "pack.yaml"
        pack.write_text(text, encoding="utf-8")
        out = folder / "out"
        result = run_cli("build", "--config", pack, "--out", out, "--no-previews")
        event(f"exit {result.code}")
        assert "Traceback" not in result.err, change
        assert result.code in (0, 2), f"{change}: exit {result.code}\n{result.out[-2000:]}"
        if result.code == 2:
            lines = result.err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("helpline-pack: error: "), f"{change}: {result.err}"
            assert not out.exists() or not _left_behind(out), f"{change}: a refused build wrote files"
        else:
            assert "verify: all" in result.out, change
            assert not list(out.glob(f"{output.STAGING_PREFIX}*"))
