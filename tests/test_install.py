"""A built wheel carries its data and fonts and builds the default pack on its own."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_data_and_fonts_and_builds(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "--disable-pip-version-check", "-w", wheels, ROOT], check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("helpline_pack-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("generator/data/services.yaml", "generator/data/packs/london.yaml",
                   "generator/data/strings/en.yaml", "generator/fonts/AtkinsonHyperlegible-Regular.ttf",
                   "generator/fonts/OFL-AtkinsonHyperlegible.txt", "generator/cli.py"):
        assert needed in names, needed
    assert any(name.endswith("entry_points.txt") for name in names)

    # Install the wheel alone into a folder and run it from there, away from the checkout.
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--disable-pip-version-check",
                    "--target", target, wheel], check=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = tmp_path / "out"
    where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(target))
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--out", out], env=env, cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert [f["path"] for f in manifest["files"]] == ["poster-A4.pdf", "poster-A3.pdf", "wallet-cards-A4.pdf",
                                                      "wallet-card-print-shop.pdf", "stickers-L7160.pdf",
                                                      "large-print-A4.pdf"]
