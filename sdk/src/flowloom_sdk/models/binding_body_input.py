from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BindingBodyInput")


@_attrs_define
class BindingBodyInput:
    """Exactly one of the fields: where the input takes its value from.

    Attributes:
        literal (bool | float | int | None | str | Unset): A fixed value, typed as JSON (30 is an integer).
        ref (None | str | Unset): An upstream output: "step.output" or "trigger.output".
        variable (None | str | Unset): A project variable, by name.
        secret (None | str | Unset): A project secret, by name (password inputs).
        file (None | str | Unset): A static file: the key its upload answered.
    """

    literal: bool | float | int | str | Unset | None = UNSET
    ref: str | Unset | None = UNSET
    variable: str | Unset | None = UNSET
    secret: str | Unset | None = UNSET
    file: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        literal: bool | float | int | str | Unset | None
        if isinstance(self.literal, Unset):
            literal = UNSET
        else:
            literal = self.literal

        ref: str | Unset | None
        if isinstance(self.ref, Unset):
            ref = UNSET
        else:
            ref = self.ref

        variable: str | Unset | None
        if isinstance(self.variable, Unset):
            variable = UNSET
        else:
            variable = self.variable

        secret: str | Unset | None
        if isinstance(self.secret, Unset):
            secret = UNSET
        else:
            secret = self.secret

        file: str | Unset | None
        if isinstance(self.file, Unset):
            file = UNSET
        else:
            file = self.file

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if literal is not UNSET:
            field_dict["literal"] = literal
        if ref is not UNSET:
            field_dict["ref"] = ref
        if variable is not UNSET:
            field_dict["variable"] = variable
        if secret is not UNSET:
            field_dict["secret"] = secret
        if file is not UNSET:
            field_dict["file"] = file

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_literal(data: object) -> bool | float | int | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | float | int | None | str | Unset, data)

        literal = _parse_literal(d.pop("literal", UNSET))

        def _parse_ref(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ref = _parse_ref(d.pop("ref", UNSET))

        def _parse_variable(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        variable = _parse_variable(d.pop("variable", UNSET))

        def _parse_secret(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        secret = _parse_secret(d.pop("secret", UNSET))

        def _parse_file(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file = _parse_file(d.pop("file", UNSET))

        binding_body_input = cls(
            literal=literal,
            ref=ref,
            variable=variable,
            secret=secret,
            file=file,
        )

        return binding_body_input
