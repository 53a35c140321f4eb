from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ArtefactOut")


@_attrs_define
class ArtefactOut:
    """The built action an execution ran on.

    Attributes:
        action_id (str):
        version (str):
        reference (str): Where the artefact lives: the builder's venv archive (`s3://…/<sha256>.tar.gz`), an image, or
            an environment on the runner's host.
        digest (None | str): `sha256:<hex>` of a content-addressed archive; null for other references. A rebuilt action
            keeps its version but gets another digest.
    """

    action_id: str
    version: str
    reference: str
    digest: str | None

    def to_dict(self) -> dict[str, Any]:
        action_id = self.action_id

        version = self.version

        reference = self.reference

        digest: str | None
        digest = self.digest

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action_id": action_id,
                "version": version,
                "reference": reference,
                "digest": digest,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action_id = d.pop("action_id")

        version = d.pop("version")

        reference = d.pop("reference")

        def _parse_digest(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        digest = _parse_digest(d.pop("digest"))

        artefact_out = cls(
            action_id=action_id,
            version=version,
            reference=reference,
            digest=digest,
        )

        return artefact_out
