"""Issue 24: ``batch --scheduler``: sites built by Dask workers, written here, the same bytes
as a local run. A scheduler and two worker processes on 127.0.0.1 only."""

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.test_batch import GOOD_ROWS, HEADER

distributed = pytest.importorskip("distributed", reason="the cluster extra: pip install helpline-pack[cluster]")

ROOT = Path(__file__).resolve().parent.parent
GP_SURGERY = ROOT / "examples" / "gp-surgery"      # a PNG logo, which must travel to the workers


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_batch_on_a_scheduler_and_two_workers_writes_the_same_bytes_as_a_local_run(tmp_path, monkeypatch):
    # The pack is copied where no worker could find it by path: workers get its fields and logo's bytes.
    shutil.copytree(GP_SURGERY, tmp_path / "pack")
    (tmp_path / "sites.csv").write_text(HEADER + "".join(GOOD_ROWS), encoding="utf-8")
    args = ["batch", tmp_path / "sites.csv", "--config", tmp_path / "pack" / "pack.yaml", "--out", "out",
            "--products", "wallet-card", "--zip", "all.zip", "--no-progress"]
    for place in ("local", "cluster"):
        (tmp_path / place).mkdir()
    monkeypatch.chdir(tmp_path / "local")
    local = run_cli(*args, "--jobs", "1")
    assert local.code == 0, local
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        monkeypatch.chdir(tmp_path / "cluster")
        remote = run_cli(*args, "--scheduler", cluster.scheduler_address)
        assert remote.code == 0, remote
        assert "batch: 3 built" in remote.out
        with distributed.Client(cluster.scheduler_address) as client:
            assert len(client.scheduler_info()["workers"]) == 2
        # Run again: every site is already built, and nothing is sent to the cluster.
        again = run_cli(*args, "--scheduler", cluster.scheduler_address)
        assert "batch: 0 built; 3 already built from the same input" in again.out
    files = _snapshot(tmp_path / "cluster")
    assert files == _snapshot(tmp_path / "local")
    assert "out/riverside-surgery/wallet-card-print-shop.pdf" in files and "all.zip" in files
    # Not verified there, so the print guide names the folder as this machine knows it.
    guide = (tmp_path / "cluster" / "out" / "hillside-health-centre" / "PRINTING.txt").read_text()
    assert "helpline-pack verify out/hillside-health-centre" in guide.replace("-\n", "-")


def test_a_scheduler_that_is_not_there_is_one_line(tmp_path, monkeypatch):
    from generator import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    (tmp_path / "sites.csv").write_text(HEADER + "".join(GOOD_ROWS), encoding="utf-8")
    result = run_cli("batch", tmp_path / "sites.csv", "--out", tmp_path / "out", "--products", "sticker",
                     "--scheduler", "tcp://127.0.0.1:9", "--no-progress")
    assert result.code == 2 and "Traceback" not in result.err
    assert '--scheduler: cannot reach a Dask scheduler at "tcp://127.0.0.1:9"' in result.err
