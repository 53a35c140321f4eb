from typing import Literal

StudioExportWorkflowFormatType0 = Literal["yaml", "zip"]

STUDIO_EXPORT_WORKFLOW_FORMAT_TYPE_0_VALUES: set[StudioExportWorkflowFormatType0] = {
    "yaml",
    "zip",
}


def check_studio_export_workflow_format_type_0(value: str) -> StudioExportWorkflowFormatType0:
    if value in STUDIO_EXPORT_WORKFLOW_FORMAT_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {STUDIO_EXPORT_WORKFLOW_FORMAT_TYPE_0_VALUES!r}"
    )
