"""Reading ``workflow.yaml`` into a Workflow; every mistake is reported with its line."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode

from flowloom.studio.domain.bindings import Ref
from flowloom.studio.domain.errors import ValidationFailed
from flowloom.studio.domain.io import IoType, OutputSpec
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger, ManualTrigger, Trigger
from flowloom.studio.domain.workflow import Workflow
from flowloom.studio.infrastructure.workflow_file.errors import FileProblem, WorkflowFileError
from flowloom.studio.infrastructure.workflow_file.nodes import Nodes, compose, join
from flowloom.studio.infrastructure.workflow_file.steps import StepReader

API_VERSION = "flowloom.dev/v1"
KIND = "Workflow"
TOP_FIELDS = ("apiVersion", "kind", "name", "description", "trigger", "steps", "results")
TRIGGER_FORMS = ("action", "manual", "cron")
OUTPUT_FIELDS = ("name", "type", "optional", "enum_values")


def read_workflow(
    text: str | bytes, *, workflow_id: str, project: str, filename: str = "workflow.yaml"
) -> Workflow:
    """The workflow ``text`` describes, with the given id and project.

    Raises WorkflowFileError (and nothing else) listing every mistake as
    ``workflow.yaml:12: steps[1].inputs.file: ...``. The reader checks the file's shape; what
    depends on the catalogue (known actions, types) is left to ``validate``.
    """
    root, loader = compose(text, filename)
    if root is None:
        raise WorkflowFileError([FileProblem(filename, None, "", "the file is empty")])
    nodes = Nodes(loader, filename)
    try:
        workflow = _Reader(nodes).workflow(root, workflow_id, project)
    except RecursionError:
        nodes.error(root, "", "is nested too deeply")
        workflow = None
    if nodes.problems or workflow is None:
        raise WorkflowFileError(nodes.problems)
    return workflow


class _Reader:
    def __init__(self, nodes: Nodes) -> None:
        self.nodes = nodes
        self.steps = StepReader(nodes)

    def workflow(self, root: Node, workflow_id: str, project: str) -> Workflow | None:
        fields = self.nodes.mapping(root, "", TOP_FIELDS)
        if fields is None:
            return None
        for field, expected in (("apiVersion", API_VERSION), ("kind", KIND)):
            self._constant(root, fields, field, expected)
        name = self._required(root, fields, "name", "")
        description = self.nodes.each(fields, "description", "", self._description) or ""
        trigger = self._trigger(fields["trigger"][1], "trigger") if "trigger" in fields else None
        steps = self.nodes.each(fields, "steps", "", self.steps.steps) or ()
        results = self.nodes.each(fields, "results", "", self._results) or {}
        return Workflow(workflow_id, project, name or "", description, trigger, steps, results)

    def _constant(
        self, root: Node, fields: dict[str, tuple[Node, Node]], name: str, value: str
    ) -> None:
        if name not in fields:
            self.nodes.error(root, name, f'is required: {name}: "{value}"')
            return
        node = fields[name][1]
        found = self.nodes.typed(node, name, str)
        if found is not None and found != value:
            self.nodes.error(node, name, f"must be {value!r}, not {found!r}")

    def _required(
        self, parent: Node, fields: dict[str, tuple[Node, Node]], name: str, path: str
    ) -> str | None:
        if name not in fields:
            self.nodes.error(parent, join(path, name), "is required")
            return None
        return self.nodes.text(fields[name][1], join(path, name))

    def _description(self, node: Node, path: str) -> str | None:
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return ""
        return self.nodes.typed(node, path, str)

    def _trigger(self, node: Node, path: str) -> Trigger | None:
        fields = self.nodes.mapping(node, path, ("version", "inputs", "outputs", *TRIGGER_FORMS))
        if fields is None:
            return None
        forms = [form for form in TRIGGER_FORMS if form in fields]
        if len(forms) != 1:
            self.nodes.error(node, path, "must have exactly one of action, manual or cron")
            return None
        form = forms[0]
        if form != "action":
            for extra in (k for k in fields if k != form):
                self.nodes.error(
                    fields[extra][0], join(path, extra), f"is not a field of a {form} trigger"
                )
        if form == "manual":
            return self._manual(fields["manual"][1], join(path, "manual"))
        if form == "cron":
            return self._cron(fields["cron"][1], join(path, "cron"))
        action = self.nodes.text(fields["action"][1], join(path, "action"))
        version = self.nodes.each(fields, "version", path, self.nodes.text)
        inputs = self.nodes.each(fields, "inputs", path, self.steps.bindings) or {}
        outputs = self.nodes.each(fields, "outputs", path, self._outputs) or ()
        return ActionTrigger(action, version, inputs, outputs) if action else None

    def _manual(self, node: Node, path: str) -> ManualTrigger | None:
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return ManualTrigger()
        fields = self.nodes.mapping(node, path, ("outputs",))
        if fields is None:
            return None
        return ManualTrigger(self.nodes.each(fields, "outputs", path, self._outputs) or ())

    def _cron(self, node: Node, path: str) -> CronTrigger | None:
        fields = self.nodes.mapping(node, path, ("schedule", "timezone", "outputs"))
        if fields is None:
            return None
        schedule = self._required(node, fields, "schedule", path)
        timezone = self.nodes.each(fields, "timezone", path, self.nodes.text) or "UTC"
        outputs = self.nodes.each(fields, "outputs", path, self._outputs) or ()
        return CronTrigger(schedule, timezone, outputs) if schedule else None

    def _outputs(self, node: Node, path: str) -> tuple[OutputSpec, ...]:
        found = []
        for index, item in enumerate(self.nodes.sequence(node, path)):
            output = self._output(item, join(path, index))
            if output is not None:
                found.append(output)
        return tuple(found)

    def _output(self, node: Node, path: str) -> OutputSpec | None:
        fields = self.nodes.mapping(node, path, OUTPUT_FIELDS)
        if fields is None:
            return None
        name = self._required(node, fields, "name", path)
        type_name = self._required(node, fields, "type", path)
        optional = self.nodes.each(
            fields, "optional", path, lambda n, p: self.nodes.typed(n, p, bool)
        )
        values = self.nodes.each(fields, "enum_values", path, self.steps.texts) or ()
        if type_name is None or name is None:
            return None
        try:
            io_type = IoType.parse(type_name)
        except ValidationFailed as error:
            self.nodes.error(fields["type"][1], join(path, "type"), error.message)
            return None
        return OutputSpec(name, io_type, bool(optional), tuple(values))

    def _results(self, node: Node, path: str) -> dict[str, Ref]:
        fields = self.nodes.mapping(node, path)
        results: dict[str, Ref] = {}
        for name, (_, value) in (fields or {}).items():
            where = join(path, name)
            if isinstance(value, MappingNode):
                inner = self.nodes.mapping(value, where, ("ref",))
                if not inner or "ref" not in inner:
                    self.nodes.error(value, where, 'must be "step.output" or {ref: step.output}')
                    continue
                value, where = inner["ref"][1], join(where, "ref")
            target = self.steps.ref(value, where)
            if target is not None:
                results[name] = target
        return results
