"""The DAG of a workflow version: predecessors, descendants, cycles and order."""

from __future__ import annotations

from collections.abc import Mapping

from flowloom.runner.domain.workflow import WorkflowVersion

Upstream = Mapping[str, tuple[str, ...]]


def upstream_of(version: WorkflowVersion) -> dict[str, tuple[str, ...]]:
    """Each step's predecessors (refs and needs), limited to steps that exist."""
    known = {step.id for step in version.steps}
    return {step.id: tuple(n for n in step.upstream if n in known) for step in version.steps}


def downstream_of(upstream: Upstream) -> dict[str, list[str]]:
    successors: dict[str, list[str]] = {node: [] for node in upstream}
    for node, predecessors in upstream.items():
        for predecessor in predecessors:
            successors[predecessor].append(node)
    return successors


def descendants(upstream: Upstream, node: str) -> set[str]:
    """Every step that depends on ``node``, directly or not."""
    successors = downstream_of(upstream)
    found: set[str] = set()
    todo = list(successors.get(node, []))
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(successors[current])
    return found


def find_cycle(upstream: Upstream) -> list[str] | None:
    """One cycle as a closed path ``[a, b, a]`` (a needs b needs a), or None."""
    done: set[str] = set()
    for start in upstream:
        path: list[str] = []
        cycle = _visit(upstream, start, path, set(), done)
        if cycle:
            return cycle
    return None


def _visit(
    upstream: Upstream, node: str, path: list[str], on_path: set[str], done: set[str]
) -> list[str] | None:
    if node in on_path:
        return [*path[path.index(node) :], node]
    if node in done:
        return None
    path.append(node)
    on_path.add(node)
    for predecessor in upstream.get(node, ()):
        cycle = _visit(upstream, predecessor, path, on_path, done)
        if cycle:
            return cycle
    path.pop()
    on_path.discard(node)
    done.add(node)
    return None
