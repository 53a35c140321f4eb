"""Where a step input (or a trigger input) takes its value from."""

from __future__ import annotations

from dataclasses import dataclass

from flowloom.studio.domain.errors import ValidationFailed
from flowloom.studio.domain.io import LiteralValue

TRIGGER = "trigger"  # the node name of the trigger in references; never a step id


@dataclass(frozen=True)
class LiteralBinding:
    """A fixed value typed by the YAML/JSON it was written in (``30`` is an integer)."""

    value: LiteralValue


@dataclass(frozen=True)
class Ref:
    """The output ``output`` of ``node``: ``trigger`` or a step id."""

    node: str
    output: str

    @classmethod
    def parse(cls, text: str) -> Ref:
        """``node.output`` (the output may itself contain dots: ``a.b.c`` is ``a`` + ``b.c``)."""
        node, dot, output = text.partition(".")
        if not dot or not node or not output:
            raise ValidationFailed("ref", f'a reference must look like "step.output", not {text!r}')
        return cls(node, output)

    def __str__(self) -> str:
        return f"{self.node}.{self.output}"


@dataclass(frozen=True)
class RefBinding:
    """The value of an upstream output at run time."""

    ref: Ref


@dataclass(frozen=True)
class VariableBinding:
    """A project variable, resolved to a literal when a version is frozen."""

    name: str


@dataclass(frozen=True)
class SecretBinding:
    """A project secret, kept by name in frozen versions and resolved by the runner."""

    name: str


@dataclass(frozen=True)
class FileBinding:
    """A static file: its object-store key, or (freshly read from a file, before the application
    stores it) its path relative to ``workflow.yaml``."""

    path: str


NamedBinding = RefBinding | VariableBinding | SecretBinding | FileBinding
Binding = LiteralBinding | NamedBinding
SOURCES = ("ref", "variable", "secret", "file")
"""How a binding other than a literal is written, ``{<source>: <name>}`` (the workflow file, the
API): ``{ref: writer.outfile}``, ``{variable: ops-address}``, ``{secret: …}``, ``{file: …}``."""


def named_binding(source: str, name: str) -> NamedBinding:
    """The binding written ``{source: name}`` (``source`` one of ``SOURCES``)."""
    match source:
        case "ref":
            return RefBinding(Ref.parse(name))
        case "variable":
            return VariableBinding(name)
        case "secret":
            return SecretBinding(name)
        case "file":
            return FileBinding(name)
    raise ValueError(f"not a binding source: {source!r}")


def source_and_name(binding: NamedBinding) -> tuple[str, str]:
    """How ``binding`` is written: ``("ref", "writer.outfile")`` for ``{ref: writer.outfile}``."""
    match binding:
        case RefBinding(ref=target):
            return "ref", str(target)
        case VariableBinding(name=name):
            return "variable", name
        case SecretBinding(name=name):
            return "secret", name
        case FileBinding(path=path):
            return "file", path


def ref(text: str) -> RefBinding:
    """Shorthand: ``ref("writer.outfile")``."""
    return RefBinding(Ref.parse(text))


def describe_binding(binding: Binding) -> str:
    """A short phrase for messages: ``the reference writer.outfile``."""
    match binding:
        case LiteralBinding():
            return "a literal"
        case RefBinding(ref=target):
            return f"the reference {target}"
        case VariableBinding(name=name):
            return f"the variable '{name}'"
        case SecretBinding(name=name):
            return f"the secret '{name}'"
        case FileBinding(path=path):
            return f"the file '{path}'"
