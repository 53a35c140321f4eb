"""The environment cache key: same project, interpreter, requirements and wrapper → same venv."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(.*)$")
# Lines whose meaning depends on files next to the requirements or on the network layout:
# the same text may then install something else, so such environments are never cached.
_UNCACHEABLE = re.compile(
    r"^(-r|-c|-e|--requirement|--constraint|--editable|\.|/|~)|\bfile:|\bgit\+|@\s*(\.|/)"
)


def normalise_requirements(text: str) -> str:
    """Order, comments, blank lines, spacing and name spelling (PEP 503) do not matter."""
    joined = re.sub(r"\\\r?\n", " ", text)
    lines: set[str] = set()
    for raw in joined.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not line:
            continue
        lines.add(_normalise_line(line))
    return "\n".join(sorted(lines))


def _normalise_line(line: str) -> str:
    match = _NAME.match(line)
    if not match or line.startswith("-"):
        return " ".join(line.split())  # an option line (--index-url …) or a path
    name, rest = match.groups()
    spec, _, marker = rest.partition(";")
    normal = re.sub(r"[-_.]+", "-", name).lower() + "".join(spec.split())
    return f"{normal}; {' '.join(marker.split())}" if marker.strip() else normal


def cacheable(requirements: str) -> bool:
    """False when a requirement points at local files (their content is not in the key)."""
    return not any(
        _UNCACHEABLE.search(line) for line in normalise_requirements(requirements).splitlines()
    )


@dataclass(frozen=True, slots=True)
class EnvironmentKey:
    """Identifies a ready venv: its project, the interpreter, the requirements and the wrapper
    version. The project is part of it: the code a build of one project runs can change what
    later builds of that project install, never what another project's builds get."""

    project: str
    python: str
    requirements: str
    wrapper: str

    @classmethod
    def of(
        cls, project: str, python: str, requirements: str, wrapper: str
    ) -> EnvironmentKey | None:
        """The key of an environment, or None when it must not be cached."""
        if not cacheable(requirements):
            return None
        return cls(project, python, normalise_requirements(requirements), wrapper)

    @property
    def digest(self) -> str:
        text = (
            f"project={self.project}\npython={self.python}\nwrapper={self.wrapper}\n--\n"
            f"{self.requirements}\n"
        )
        return hashlib.sha256(text.encode()).hexdigest()
