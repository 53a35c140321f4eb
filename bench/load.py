"""A closed-loop load generator, run as its own process so it takes no time from the platform.

`concurrency` workers each start a run of the workflow with `?wait=`, which the runner answers
once the run has ended, and start the next one at once: `concurrency` runs are always in
flight, and nothing polls. Prints one JSON object: the run ids started and how many answers
came back still Running (their wait ran out) or failed.

    FLOWLOOM_TOKEN=... python bench/load.py URL WORKFLOW_ID --concurrency 16 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time

import httpx

WAIT_S = 60


async def worker(
    client: httpx.AsyncClient, path: str, deadline: float, found: dict[str, list[str]]
) -> None:
    while time.monotonic() < deadline:
        answer = await client.post(path, params={"wait": WAIT_S}, json={"inputs": {"x": 1}})
        if answer.status_code != 201:
            found["failed"].append(f"{answer.status_code} {answer.text[:200]}")
            await asyncio.sleep(0.1)  # a refusal must not spin
            continue
        body = answer.json()
        found["started"].append(body["run_id"])
        if body["state"] == "Running":
            found["still_running"].append(body["run_id"])


async def main(url: str, token: str, workflow_id: str, concurrency: int, seconds: float) -> None:
    found: dict[str, list[str]] = {"started": [], "still_running": [], "failed": []}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits, timeout=WAIT_S + 30
    ) as client:
        deadline = time.monotonic() + seconds
        path = f"/api/runner/workflows/{workflow_id}/runs"
        await asyncio.gather(*(worker(client, path, deadline, found) for _ in range(concurrency)))
    print(json.dumps(found), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("workflow_id")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    token = os.environ["FLOWLOOM_TOKEN"]
    asyncio.run(main(args.url, token, args.workflow_id, args.concurrency, args.seconds))
