from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credentials_in import CredentialsIn


T = TypeVar("T", bound="SourceUpdate")


@_attrs_define
class SourceUpdate:
    """Fields left out stay as they are.

    Attributes:
        name (None | str | Unset):
        url (None | str | Unset):
        branch (None | str | Unset):
        credentials (CredentialsIn | None | Unset):
        clear_credentials (bool | Unset): Remove the stored credentials. Default: False.
    """

    name: str | Unset | None = UNSET
    url: str | Unset | None = UNSET
    branch: str | Unset | None = UNSET
    credentials: CredentialsIn | Unset | None = UNSET
    clear_credentials: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.credentials_in import CredentialsIn

        name: str | Unset | None
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        url: str | Unset | None
        if isinstance(self.url, Unset):
            url = UNSET
        else:
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

        clear_credentials = self.clear_credentials

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if url is not UNSET:
            field_dict["url"] = url
        if branch is not UNSET:
            field_dict["branch"] = branch
        if credentials is not UNSET:
            field_dict["credentials"] = credentials
        if clear_credentials is not UNSET:
            field_dict["clear_credentials"] = clear_credentials

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credentials_in import CredentialsIn

        d = dict(src_dict)

        def _parse_name(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_url(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

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

        clear_credentials = d.pop("clear_credentials", UNSET)

        source_update = cls(
            name=name,
            url=url,
            branch=branch,
            credentials=credentials,
            clear_credentials=clear_credentials,
        )

        return source_update
