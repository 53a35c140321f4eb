"""`s3://<bucket>/<key>`: how one service names an object of another in the same object store
(an action's artefact in the builder's bucket, a static file in the studio's)."""

from __future__ import annotations

from urllib.parse import urlsplit

SCHEME = "s3://"


def s3_location(reference: str) -> tuple[str, str]:
    """(bucket, key) of an ``s3://bucket/key`` reference; ValueError when either is missing."""
    parts = urlsplit(reference)
    key = parts.path.lstrip("/")
    if parts.scheme != "s3" or not parts.netloc or not key:
        raise ValueError(f"{reference!r} is not an s3://bucket/key reference")
    return parts.netloc, key


def s3_reference(bucket: str, key: str) -> str:
    """The ``s3://bucket/key`` reference of an object."""
    return f"{SCHEME}{bucket}/{key}"
