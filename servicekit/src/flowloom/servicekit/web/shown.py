"""Response bodies that show an object's own fields, written once instead of an `of` each."""

from __future__ import annotations

from pydantic import BaseModel

from flowloom.servicekit.kernel import Copied


class Shown(BaseModel, Copied):
    """A response body whose fields are its object's attributes of the same names
    (``SourceOut.of(source)``). A body that shows a field otherwise, or more than the object
    has, writes its own ``of`` (``kernel.copied`` with the fields it gives)."""
