"""The response body of one page of a list, built alike by every service's list routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flowloom.servicekit.kernel import Page

T = TypeVar("T")
B = TypeVar("B")


def page_body(body: Callable[..., B], page: Page[T], item: Callable[[T], Any]) -> B:
    """``body`` (a model with ``items`` and ``next_cursor``) of ``page``, each item shown by
    ``item``."""
    return body(items=[item(each) for each in page.items], next_cursor=page.next_cursor)
