"""Every benchmark starts, runs at a tiny size and prints its comparison with the baseline of the same run.

No timing is asserted here (figures come from the benchmarks themselves, at their own scale); this only
keeps them from rotting when the services they call change (bench_gaps once broke unnoticed for months).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
TINY = {
    "bench_import.py": ["--rows", "2000"],
    "bench_place.py": ["--enterprises", "2000"],
    "bench_gaps.py": ["--enterprises", "2000"],
    "bench_evaluate.py": ["--enterprises", "2000"],
    "bench_web.py": ["--enterprises", "2000", "--seconds", "1", "--clients", "4"],
    "bench_busy.py": ["--enterprises", "2000", "--import-rows", "2000", "--clients", "4", "--idle-seconds", "1",
                      "--max-seconds", "20"],
    "bench_names.py": [],
    "bench_lists.py": ["--projects", "2000", "--enterprises", "2000", "--requests", "20"],
    "bench_dashboard.py": ["--enterprises", "2000", "--reporting", "300", "--rounds", "1"],
    "bench_place_quality.py": [],
    "bench_problems.py": ["--problems", "3000", "--enterprises", "2000", "--rounds", "2"],
    "bench_targets.py": ["--others", "300"],
    "bench_targets_speed.py": ["--enterprises", "2000", "--pool", "1000"],
    "bench_risks.py": ["--enterprises", "2000", "--reporting", "500", "--runs", "2"],
    "bench_report.py": ["--enterprises", "2000", "--reporting", "300"],
    "bench_indicators_import.py": ["--enterprises", "300"],
}
SAYS = {  # what each prints when it compares with its baseline
    "bench_import.py": "ratio:", "bench_place.py": "ratio", "bench_gaps.py": "warm ratio",
    "bench_evaluate.py": "ratio", "bench_web.py": "ratio to baseline", "bench_busy.py": "busy run: error rate",
    "bench_names.py": "baseline", "bench_place_quality.py": "top-1",
    "bench_problems.py": "ratio to baseline p95", "bench_lists.py": "ratio to baseline p95",
    "bench_dashboard.py": "ratio to baseline p95",
    "bench_targets.py": "baseline MRR ratio",
    "bench_targets_speed.py": "ratio to chain map",
    "bench_risks.py": "ratio",
    "bench_report.py": "vs gap computation",
    "bench_indicators_import.py": "ratio import / baseline",
}


def test_every_benchmark_has_a_smoke_run() -> None:
    assert {p.name for p in BENCH.glob("bench_*.py")} == set(TINY)


@pytest.mark.parametrize("script", sorted(TINY))
def test_the_benchmark_runs_at_a_tiny_size(script: str, tmp_path: Path) -> None:
    environment = {**os.environ, "CHAINATLAS_BENCH_OUT": str(tmp_path)}
    done = subprocess.run([sys.executable, script, *TINY[script]], cwd=BENCH, env=environment, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert SAYS[script] in done.stdout, done.stdout[-2000:]
