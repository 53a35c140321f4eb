"""What the soak saw of each start (accepted or refused, how its run ended) and its figures."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import takewhile
from typing import Any

from common import percentile
from soak_faults import Injected

RECOVERY_WINDOW_S = 5.0  # rolling window of starts whose p50 must be back near the baseline
RECOVERY_MIN_STARTS = 3
RECOVERED_WITHIN = 1.5  # times the baseline p50
RECOVERY_TARGET_S = 30.0
_IDS = re.compile(r"[0-9a-f]{8}(?:-?[0-9a-f]{4,})+")
_END = datetime.max.replace(tzinfo=UTC)


@dataclass
class Start:
    """One start of the open loop: `run_id` once accepted, else `refused` (why)."""

    sent: datetime
    run_id: str | None = None
    refused: str | None = None
    state: str = "Running"
    ended_at: datetime | None = None
    error: str | None = None
    missing: bool = False  # the API said 404 for an accepted run
    executions: list[str] = field(default_factory=list)  # "s1 Running", for stuck runs

    @property
    def pending(self) -> bool:
        return self.run_id is not None and self.state == "Running"

    @property
    def stuck(self) -> bool:
        """After the settle: accepted, known to the API, still Running."""
        return self.pending and not self.missing

    def latency_s(self) -> float:
        """Client's send to the runner's end of a Completed run; infinite otherwise."""
        if self.state != "Completed" or self.ended_at is None:
            return math.inf
        return (self.ended_at - self.sent).total_seconds()


def reason(text: str | None) -> str:
    """A failure's stated reason with ids elided, so that equal reasons group."""
    if not text:
        return "(no reason stated)"
    return _IDS.sub("…", text)[:200]


def figures(
    starts: list[Start], injected: list[Injected], begin: datetime, warmed: datetime
) -> dict[str, Any]:
    accepted = [s for s in starts if s.run_id is not None]
    failed = [s for s in accepted if s.state not in ("Running", "Completed")]
    stuck = [s for s in accepted if s.stuck]
    first_fault = injected[0].at if injected else _END
    baseline = [
        s.latency_s() for s in accepted if warmed <= s.sent < first_fault and s.state == "Completed"
    ]
    p50 = percentile(baseline, 0.5) if baseline else math.nan
    return {
        "runs_started": len(accepted),
        "runs_completed": sum(s.state == "Completed" for s in accepted),
        "runs_failed": len(failed),
        "runs_failed_by_reason": _by_reason(failed),
        "runs_stuck": len(stuck),
        "runs_lost": sum(s.missing for s in accepted),
        "starts_refused": sum(s.refused is not None for s in starts),
        "starts_refused_by_reason": dict(Counter(s.refused for s in starts if s.refused)),
        "stuck_by_execution_states": dict(Counter(", ".join(s.executions) for s in stuck)),
        "stuck_runs": [_stuck(s, begin) for s in stuck[:10]],
        "baseline_runs": len(baseline),
        "baseline_latency_ms_p50": _ms(p50),
        "baseline_latency_ms_p95": _ms(percentile(baseline, 0.95)) if baseline else None,
        "faults": [
            _fault(i, injected, starts, begin, p50 * RECOVERED_WITHIN) for i in range(len(injected))
        ],
    }


def _fault(
    index: int, injected: list[Injected], starts: list[Start], begin: datetime, threshold: float
) -> dict[str, Any]:
    """One fault's window runs from its kill to the next fault's (or the soak's end)."""
    fault = injected[index]
    until = injected[index + 1].at if index + 1 < len(injected) else _END
    sent = [s for s in starts if fault.at <= s.sent < until]
    ended = [s for s in starts if s.ended_at is not None and fault.at <= s.ended_at < until]
    # In flight at some moment of the outage (from the kill until what was killed served
    # again), and started after the previous fault's outage.
    since = injected[index - 1].restored if index else begin
    hit = [
        s for s in starts
        if s.run_id and since <= s.sent < fault.restored and (s.ended_at or _END) > fault.at
    ]  # fmt: skip
    back = _latency_back_s(sent, fault.at, threshold)
    return {
        "kind": fault.kind,
        "at_s": round((fault.at - begin).total_seconds(), 1),
        "outage_s": round((fault.restored - fault.at).total_seconds(), 1),
        "detail": fault.detail,
        "latency_back_s": back,
        "latency_back_within_30_s": back is not None and back <= RECOVERY_TARGET_S,
        "runs_in_outage": len(hit),
        "runs_in_outage_stuck": sum(s.stuck for s in hit),
        "starts_sent": len(sent),
        "starts_refused_by_reason": dict(Counter(s.refused for s in sent if s.refused)),
        "runs_failed_by_reason": _by_reason(
            [s for s in ended if s.state not in ("Running", "Completed")]
        ),
    }


def _latency_back_s(sent: list[Start], at: datetime, threshold: float) -> float | None:
    """Seconds from the fault to the first rolling window of starts (RECOVERY_WINDOW_S, at
    least RECOVERY_MIN_STARTS) whose p50 latency is within the threshold, to its first start
    within it; a refused start, a failed or unfinished run counts as infinitely slow. None:
    not back before the next fault."""
    ordered = sorted(sent, key=lambda s: s.sent)
    for i, first in enumerate(ordered):
        closes = first.sent + timedelta(seconds=RECOVERY_WINDOW_S)
        window = [s.latency_s() for s in takewhile(lambda s: s.sent < closes, ordered[i:])]  # noqa: B023
        if len(window) >= RECOVERY_MIN_STARTS and statistics.median(window) <= threshold:
            # From the window's first start that is itself within the threshold on.
            back = next(s for s in ordered[i:] if s.latency_s() <= threshold)
            return round((back.sent - at).total_seconds(), 1)
    return None


def _by_reason(runs: list[Start]) -> dict[str, int]:
    return dict(Counter(f"{s.state}: {reason(s.error)}" for s in runs).most_common())


def _stuck(start: Start, begin: datetime) -> dict[str, Any]:
    return {
        "run_id": start.run_id,
        "sent_s": round((start.sent - begin).total_seconds(), 1),
        "executions": start.executions,
    }


def _ms(seconds: float) -> float | None:
    return None if math.isnan(seconds) else round(seconds * 1000, 1)


def record(start: Start, begin: datetime) -> dict[str, Any]:
    """One start as a JSON object (`--record`): seconds from the soak's start."""
    ended = (start.ended_at - begin).total_seconds() if start.ended_at else None
    return {
        "sent_s": round((start.sent - begin).total_seconds(), 3),
        "run_id": start.run_id,
        "refused": start.refused,
        "state": start.state,
        "ended_s": None if ended is None else round(ended, 3),
        "error": start.error,
        "missing": start.missing,
        "executions": start.executions,
    }
