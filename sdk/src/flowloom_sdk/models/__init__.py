"""Contains all the data models used in inputs/outputs"""

from .action_kind import ActionKind
from .action_state import ActionState
from .action_summary_out import ActionSummaryOut
from .api_key_exchange_request import ApiKeyExchangeRequest
from .api_key_out import ApiKeyOut
from .artefact_out import ArtefactOut
from .attempt_out import AttemptOut
from .authorization_jwks_response_jwks_api_authorization_well_known_jwks_json_get import (
    AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet,
)
from .binding_body_input import BindingBodyInput
from .binding_body_output import BindingBodyOutput
from .body_upload_file_api_studio_workflows_workflow_id_files_post import (
    BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost,
)
from .build_list import BuildList
from .build_out import BuildOut
from .build_page import BuildPage
from .build_state import BuildState
from .change_password_request import ChangePasswordRequest
from .created_api_key_out import CreatedApiKeyOut
from .credentials_in import CredentialsIn
from .dependency_out import DependencyOut
from .dependency_out_status import DependencyOutStatus
from .dropped_out import DroppedOut
from .execution_log_line_out import ExecutionLogLineOut
from .execution_out import ExecutionOut
from .execution_out_inputs import ExecutionOutInputs
from .execution_out_outputs import ExecutionOutOutputs
from .field_error import FieldError
from .file_out import FileOut
from .health_out import HealthOut
from .health_out_checks import HealthOutChecks
from .health_out_status import HealthOutStatus
from .lockout_out import LockoutOut
from .log_line_out import LogLineOut
from .log_page import LogPage
from .login_request import LoginRequest
from .me_out import MeOut
from .member_out import MemberOut
from .membership_out import MembershipOut
from .new_api_key_request import NewApiKeyRequest
from .new_member_request import NewMemberRequest
from .new_user_request import NewUserRequest
from .output_spec_body import OutputSpecBody
from .page_api_key_out import PageApiKeyOut
from .page_lockout_out import PageLockoutOut
from .page_member_out import PageMemberOut
from .page_project_out import PageProjectOut
from .page_user_out import PageUserOut
from .problem import Problem
from .problem_out import ProblemOut
from .project_out import ProjectOut
from .project_request import ProjectRequest
from .ready_out import ReadyOut
from .refresh_request import RefreshRequest
from .repository_action_out import RepositoryActionOut
from .repository_action_out_addons import RepositoryActionOutAddons
from .repository_action_out_options import RepositoryActionOutOptions
from .repository_action_page import RepositoryActionPage
from .repository_io_item_out import RepositoryIoItemOut
from .repository_resources_out import RepositoryResourcesOut
from .results_body import ResultsBody
from .results_body_results import ResultsBodyResults
from .retry_body import RetryBody
from .role import Role
from .role_request import RoleRequest
from .run_out import RunOut
from .run_out_results import RunOutResults
from .run_out_trigger_outputs import RunOutTriggerOutputs
from .run_page import RunPage
from .run_results import RunResults
from .run_started import RunStarted
from .run_state import RunState
from .run_summary import RunSummary
from .runner_deployment_out import RunnerDeploymentOut
from .runner_start_run_files_run_form import RunnerStartRunFilesRunForm
from .runner_start_run_json_run_inputs import RunnerStartRunJsonRunInputs
from .runner_start_run_json_run_inputs_inputs import RunnerStartRunJsonRunInputsInputs
from .runner_webhook_files_run_form import RunnerWebhookFilesRunForm
from .runner_webhook_json_run_inputs import RunnerWebhookJsonRunInputs
from .runner_webhook_json_run_inputs_inputs import RunnerWebhookJsonRunInputsInputs
from .scan_error_out import ScanErrorOut
from .scan_out import ScanOut
from .scan_page import ScanPage
from .scan_request import ScanRequest
from .scan_state import ScanState
from .secret_body import SecretBody
from .secret_out import SecretOut
from .secret_page import SecretPage
from .source_create import SourceCreate
from .source_out import SourceOut
from .source_page import SourcePage
from .source_update import SourceUpdate
from .step_body_input import StepBodyInput
from .step_body_input_inputs import StepBodyInputInputs
from .step_body_output import StepBodyOutput
from .step_body_output_inputs import StepBodyOutputInputs
from .step_fields import StepFields
from .step_fields_inputs import StepFieldsInputs
from .studio_action_out import StudioActionOut
from .studio_action_out_addons import StudioActionOutAddons
from .studio_action_page import StudioActionPage
from .studio_deployment_out import StudioDeploymentOut
from .studio_export_workflow_format_type_0 import StudioExportWorkflowFormatType0
from .studio_io_item_out import StudioIoItemOut
from .studio_resources_out import StudioResourcesOut
from .studio_workflow_schema_response_workflow_schema_api_studio_workflow_schema_get import (
    StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet,
)
from .switch_project_request import SwitchProjectRequest
from .token_response import TokenResponse
from .trigger_body_input import TriggerBodyInput
from .trigger_body_input_inputs import TriggerBodyInputInputs
from .trigger_body_input_kind import TriggerBodyInputKind
from .trigger_body_output import TriggerBodyOutput
from .trigger_body_output_inputs import TriggerBodyOutputInputs
from .trigger_body_output_kind import TriggerBodyOutputKind
from .trigger_log_page import TriggerLogPage
from .trigger_out import TriggerOut
from .user_changes_request import UserChangesRequest
from .user_out import UserOut
from .value_out import ValueOut
from .variable_body import VariableBody
from .variable_out import VariableOut
from .variable_page import VariablePage
from .version_body import VersionBody
from .version_changed import VersionChanged
from .version_detail import VersionDetail
from .version_detail_content import VersionDetailContent
from .version_out import VersionOut
from .version_page import VersionPage
from .webhook_answer import WebhookAnswer
from .webhook_answer_results_type_0 import WebhookAnswerResultsType0
from .workflow_create import WorkflowCreate
from .workflow_out import WorkflowOut
from .workflow_out_results import WorkflowOutResults
from .workflow_page import WorkflowPage
from .workflow_summary import WorkflowSummary
from .workflow_update import WorkflowUpdate

__all__ = (
    "ActionKind",
    "ActionState",
    "ActionSummaryOut",
    "ApiKeyExchangeRequest",
    "ApiKeyOut",
    "ArtefactOut",
    "AttemptOut",
    "AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet",
    "BindingBodyInput",
    "BindingBodyOutput",
    "BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost",
    "BuildList",
    "BuildOut",
    "BuildPage",
    "BuildState",
    "ChangePasswordRequest",
    "CreatedApiKeyOut",
    "CredentialsIn",
    "DependencyOut",
    "DependencyOutStatus",
    "DroppedOut",
    "ExecutionLogLineOut",
    "ExecutionOut",
    "ExecutionOutInputs",
    "ExecutionOutOutputs",
    "FieldError",
    "FileOut",
    "HealthOut",
    "HealthOutChecks",
    "HealthOutStatus",
    "LockoutOut",
    "LogLineOut",
    "LogPage",
    "LoginRequest",
    "MeOut",
    "MemberOut",
    "MembershipOut",
    "NewApiKeyRequest",
    "NewMemberRequest",
    "NewUserRequest",
    "OutputSpecBody",
    "PageApiKeyOut",
    "PageLockoutOut",
    "PageMemberOut",
    "PageProjectOut",
    "PageUserOut",
    "Problem",
    "ProblemOut",
    "ProjectOut",
    "ProjectRequest",
    "ReadyOut",
    "RefreshRequest",
    "RepositoryActionOut",
    "RepositoryActionOutAddons",
    "RepositoryActionOutOptions",
    "RepositoryActionPage",
    "RepositoryIoItemOut",
    "RepositoryResourcesOut",
    "ResultsBody",
    "ResultsBodyResults",
    "RetryBody",
    "Role",
    "RoleRequest",
    "RunOut",
    "RunOutResults",
    "RunOutTriggerOutputs",
    "RunPage",
    "RunResults",
    "RunStarted",
    "RunState",
    "RunSummary",
    "RunnerDeploymentOut",
    "RunnerStartRunFilesRunForm",
    "RunnerStartRunJsonRunInputs",
    "RunnerStartRunJsonRunInputsInputs",
    "RunnerWebhookFilesRunForm",
    "RunnerWebhookJsonRunInputs",
    "RunnerWebhookJsonRunInputsInputs",
    "ScanErrorOut",
    "ScanOut",
    "ScanPage",
    "ScanRequest",
    "ScanState",
    "SecretBody",
    "SecretOut",
    "SecretPage",
    "SourceCreate",
    "SourceOut",
    "SourcePage",
    "SourceUpdate",
    "StepBodyInput",
    "StepBodyInputInputs",
    "StepBodyOutput",
    "StepBodyOutputInputs",
    "StepFields",
    "StepFieldsInputs",
    "StudioActionOut",
    "StudioActionOutAddons",
    "StudioActionPage",
    "StudioDeploymentOut",
    "StudioExportWorkflowFormatType0",
    "StudioIoItemOut",
    "StudioResourcesOut",
    "StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet",
    "SwitchProjectRequest",
    "TokenResponse",
    "TriggerBodyInput",
    "TriggerBodyInputInputs",
    "TriggerBodyInputKind",
    "TriggerBodyOutput",
    "TriggerBodyOutputInputs",
    "TriggerBodyOutputKind",
    "TriggerLogPage",
    "TriggerOut",
    "UserChangesRequest",
    "UserOut",
    "ValueOut",
    "VariableBody",
    "VariableOut",
    "VariablePage",
    "VersionBody",
    "VersionChanged",
    "VersionDetail",
    "VersionDetailContent",
    "VersionOut",
    "VersionPage",
    "WebhookAnswer",
    "WebhookAnswerResultsType0",
    "WorkflowCreate",
    "WorkflowOut",
    "WorkflowOutResults",
    "WorkflowPage",
    "WorkflowSummary",
    "WorkflowUpdate",
)
