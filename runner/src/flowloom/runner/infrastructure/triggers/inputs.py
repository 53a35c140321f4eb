"""A source's ``Run`` request: its literal, static-file and secret inputs resolved."""

from __future__ import annotations

from flowloom.runner.domain.errors import TriggerStartFailed
from flowloom.runner.domain.masking import SecretMask
from flowloom.runner.domain.ports import FileStore, SecretResolver
from flowloom.runner.domain.values import FileKey, IoSpec, IoType, IoValue, StoredFile, normalized
from flowloom.runner.domain.workflow import ActionTrigger, Binding, Literal, SecretRef
from flowloom.runner.infrastructure.grpc.values import ValueMismatch, input_values
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)


async def source_request(
    project_id: str,
    execution_id: str,
    trigger: ActionTrigger,
    files: FileStore,
    secrets: SecretResolver,
) -> tuple[pb.RunRequest, SecretMask]:
    """The request, and the mask of its password and secret values (for what the source
    writes); TriggerStartFailed when an input cannot get its value (an unknown secret...)."""
    values: dict[str, IoValue] = {}
    urls: dict[str, str] = {}
    for spec in trigger.action.inputs:
        binding = trigger.inputs.get(spec.name)
        values[spec.name] = await _value(project_id, spec, binding, secrets)
        if isinstance(binding, Literal) and isinstance(binding.value, FileKey):
            urls[spec.name] = await files.presigned_get(binding.value.key, binding.value.name)
    try:
        request = pb.RunRequest(execution_id=execution_id, inputs=input_values(values, urls))
    except ValueMismatch as error:
        raise TriggerStartFailed(str(error)) from None
    return request, SecretMask.of(values)


async def _value(
    project_id: str, spec: IoSpec, binding: Binding | None, secrets: SecretResolver
) -> IoValue:
    match binding:
        case Literal(value=FileKey() as file):
            directory = spec.type is IoType.DIRECTORY
            return IoValue(spec.type, StoredFile(file.key, file.name, directory=directory))
        case Literal(value=value) if not isinstance(value, FileKey):
            return IoValue(spec.type, normalized(spec, value))
        case SecretRef(name=name):
            secret = await secrets.resolve(project_id, name)
            if secret is None:
                raise TriggerStartFailed(
                    f"input '{spec.name}' has no value: secret '{name}' does not exist"
                    " in the project"
                )
            return IoValue(spec.type, secret, secret=True)
    return IoValue(spec.type, None)  # unbound (or a reference, which a trigger cannot have)
