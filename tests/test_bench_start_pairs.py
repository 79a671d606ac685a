"""The cold start's ratio in `make bench` (benchmarks/start_pairs.py): bare windows and app
starts alternate, and the ratio is the median of each pair's own ratio."""

from __future__ import annotations

import pytest

from benchmarks.start_pairs import Start, pairs, summary


def test_starts_alternate_bare_then_app_and_the_warm_up_pair_is_dropped() -> None:
    started: list[str] = []

    def start(bare: bool) -> Start:
        started.append("bare" if bare else "app")
        return Start(wall_ms=float(len(started)), cpu_ms=1.0, peak_mb=1.0)

    found = pairs(start, count=5, warm_up=1)
    assert started == ["bare", "app"] * 6
    assert [(b.wall_ms, a.wall_ms) for b, a in found] == [
        (3.0, 4.0), (5.0, 6.0), (7.0, 8.0), (9.0, 10.0), (11.0, 12.0)
    ]  # fmt: skip


def test_the_ratio_is_the_median_of_the_pairs_ratios_not_a_ratio_of_medians() -> None:
    # A machine that slows down half way: the second half's bare windows and starts are
    # both twice as slow. Medians taken apart would pair a fast bare window with a slow app.
    measured = [
        (Start(100, 100, 50), Start(390, 380, 90)),
        (Start(100, 100, 50), Start(380, 390, 95)),
        (Start(200, 105, 50), Start(760, 400, 92)),
        (Start(200, 110, 50), Start(800, 385, 91)),
        (Start(210, 100, 50), Start(630, 370, 93)),
    ]
    found = summary(measured)
    assert found["ratio"] == pytest.approx(3.8)  # 3.9, 3.8, 3.8, 4.0, 3.0
    assert found["cpu_ratio"] == pytest.approx(3.8)  # 3.8, 3.9, 400/105, 3.5, 3.7
    assert (found["app_ms"], found["bare_ms"]) == (630, 200)  # their ratio would be 3.15
    assert [round(p["ratio"], 2) for p in found["pairs"]] == [3.9, 3.8, 3.8, 4.0, 3.0]
    assert found["pairs"][2] == {"bare_ms": 200, "app_ms": 760, "ratio": 3.8,
                                 "bare_cpu_ms": 105, "app_cpu_ms": 400,
                                 "cpu_ratio": pytest.approx(400 / 105)}  # fmt: skip
    assert found["app_cpu_ms"] == 385 and found["bare_cpu_ms"] == 100
    assert found["peak_mb"] == 95


def test_a_median_of_an_even_number_of_pairs_lies_between_the_middle_two() -> None:
    measured = [(Start(100, 100, 1), Start(r, r, 1)) for r in (300, 500, 400, 600)]
    assert summary(measured)["ratio"] == pytest.approx(4.5)


def test_no_pairs_is_refused() -> None:
    with pytest.raises(ValueError, match="no pair"):
        summary([])
