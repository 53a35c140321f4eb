"""Whether a service runs untrusted commands in their sandbox, and what it says when it cannot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from flowloom.servicekit.sandbox import NOBODY, Bubblewrap, Network


@dataclass(frozen=True, slots=True)
class SandboxPolicy:
    """Sandboxed (`tools` found) or, where an operator allowed it, plain processes; with which
    network and as whom. A service subclasses it to name what it refuses and its setting."""

    REFUSED: ClassVar[str] = "commands are refused"
    CONFINED: ClassVar[str] = "untrusted commands run"
    ALLOW_SETTING: ClassVar[str] = "ALLOW_UNSANDBOXED"

    tools: Bubblewrap | None
    network: Network = Network.ISOLATED
    allow_unsandboxed: bool = False
    uid: int = NOBODY
    gid: int = NOBODY

    @classmethod
    def detect(
        cls,
        network: Network = Network.ISOLATED,
        allow_unsandboxed: bool = False,
        uid: int = NOBODY,
        gid: int = NOBODY,
    ) -> Self:
        return cls(Bubblewrap.find(), Network(network), allow_unsandboxed, uid, gid)

    @property
    def sandboxed(self) -> bool:
        return self.tools is not None

    def problem(self) -> str | None:
        """Why nothing can run on this host; None when it can."""
        if self.tools is None:
            if self.allow_unsandboxed:
                return None
            return (
                f"{self.REFUSED}: bubblewrap (bwrap) is not installed, and {self.CONFINED} "
                f"only in a sandbox unless {self.ALLOW_SETTING}=1 (install the bubblewrap package)"
            )
        missing = self.tools.missing(self.network)
        return f"{self.REFUSED}: {missing}" if missing else None
