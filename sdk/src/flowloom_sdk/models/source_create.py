from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credentials_in import CredentialsIn


T = TypeVar("T", bound="SourceCreate")


@_attrs_define
class SourceCreate:
    """
    Attributes:
        name (str):
        url (str):
        branch (None | str | Unset): The branch scans read by default. Left out: the repository's own default branch
            (its HEAD, e.g. `main` or `master`), which the first scan resolves and keeps.
        credentials (CredentialsIn | None | Unset):
    """

    name: str
    url: str
    branch: str | Unset | None = UNSET
    credentials: CredentialsIn | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.credentials_in import CredentialsIn

        name = self.name

        url = self.url

        branch: str | Unset | None
        if isinstance(self.branch, Unset):
            branch = UNSET
        else:
            branch = self.branch

        credentials: dict[str, Any] | Unset | None
        if isinstance(self.credentials, Unset):
            credentials = UNSET
        elif isinstance(self.credentials, CredentialsIn):
            credentials = self.credentials.to_dict()
        else:
            credentials = self.credentials

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "url": url,
            }
        )
        if branch is not UNSET:
            field_dict["branch"] = branch
        if credentials is not UNSET:
            field_dict["credentials"] = credentials

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credentials_in import CredentialsIn

        d = dict(src_dict)
        name = d.pop("name")

        url = d.pop("url")

        def _parse_branch(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        branch = _parse_branch(d.pop("branch", UNSET))

        def _parse_credentials(data: object) -> CredentialsIn | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                credentials_type_0 = CredentialsIn.from_dict(data)

                return credentials_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CredentialsIn | None | Unset, data)

        credentials = _parse_credentials(d.pop("credentials", UNSET))

        source_create = cls(
            name=name,
            url=url,
            branch=branch,
            credentials=credentials,
        )

        return source_create
