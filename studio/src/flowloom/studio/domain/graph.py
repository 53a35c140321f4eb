"""The DAG of a workflow: predecessors, ancestors and cycles (through refs and ``needs``)."""

from __future__ import annotations

from collections.abc import Mapping

from flowloom.studio.domain.workflow import Workflow

Upstream = Mapping[str, tuple[str, ...]]


def upstream_of(workflow: Workflow) -> dict[str, tuple[str, ...]]:
    """Each step's predecessors among existing steps (first step of a duplicated id wins).

    A step's reference to its own output is left out (it is reported on its own); a step that
    ``needs`` itself keeps the edge and shows up as a cycle.
    """
    known = {step.id for step in workflow.steps}
    graph: dict[str, tuple[str, ...]] = {}
    for step in workflow.steps:
        if step.id in graph:
            continue
        edges = [n for n in step.upstream if n in known and (n != step.id or n in step.needs)]
        graph[step.id] = tuple(edges)
    return graph


def ancestors(upstream: Upstream, node: str) -> set[str]:
    """Every step ``node`` depends on, directly or not (``node`` itself only through a cycle)."""
    found: set[str] = set()
    todo = list(upstream.get(node, ()))
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(upstream.get(current, ()))
    return found


def cycles(upstream: Upstream) -> list[list[str]]:
    """Each cycle as a closed path ``[a, b, a]`` (a needs b, b needs a), one per group of steps
    that depend on each other, in the order of the steps."""
    order = {node: i for i, node in enumerate(upstream)}
    found: list[list[str]] = []
    for component in _strongly_connected(upstream):
        first = min(component, key=order.__getitem__)
        if len(component) > 1 or first in upstream.get(first, ()):
            found.append(_closed_path(upstream, first, component))
    found.sort(key=lambda path: order[path[0]])
    return found


def _closed_path(upstream: Upstream, start: str, component: set[str]) -> list[str]:
    """A path from ``start`` back to itself inside ``component`` (depth-first)."""
    path = [start]
    seen = {start}

    def walk(node: str) -> bool:
        for nxt in upstream.get(node, ()):
            if nxt == start:
                path.append(start)
                return True
            if nxt in component and nxt not in seen:
                seen.add(nxt)
                path.append(nxt)
                if walk(nxt):
                    return True
                path.pop()
        return False

    walk(start)
    return path


def _strongly_connected(upstream: Upstream) -> list[set[str]]:
    """Tarjan's algorithm over the nodes in order (recursive: workflows have few steps)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in upstream.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: set[str] = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            components.append(component)

    for node in upstream:
        if node not in index:
            visit(node)
    return components
