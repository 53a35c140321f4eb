/** Short names for the generated API types (src/app/core/api/schema.ts, `npm run api`). */
import type { components } from './schema';

type S = components['schemas'];

export type Me = S['MeOut'];
export type Role = S['Role'];
export type Project = S['ProjectOut'];
export type TokenResponse = S['TokenResponse'];
export type User = S['UserOut'];
export type NewUser = S['NewUserRequest'];
export type UserChanges = S['UserChangesRequest'];
export type Member = S['MemberOut'];
export type ApiKey = S['ApiKeyOut'];
export type CreatedApiKey = S['CreatedApiKeyOut'];

export type Source = S['SourceOut'];
export type SourceCreate = S['SourceCreate'];
export type Scan = S['ScanOut'];
export type ScanError = S['ScanErrorOut'];
export type RepositoryAction = S['RepositoryActionOut'];
export type RepositoryIo = S['RepositoryIoItemOut'];
export type Build = S['BuildOut'];

export type ActionKind = S['ActionKind'];
export type ActionSummary = S['ActionSummaryOut'];
export type StoreAction = S['StudioActionOut'];
export type StoreIo = S['StudioIoItemOut'];

export type WorkflowSummary = S['WorkflowSummary'];
export type Workflow = S['WorkflowOut'];
export type WorkflowProblem = S['ProblemOut'];
export type Step = S['StepBody-Output'];
export type Trigger = S['TriggerBody-Output'];
export type TriggerBody = S['TriggerBody-Input'];
export type StepBody = S['StepBody-Input'];
export type StepFields = S['StepFields'];
export type BindingBody = S['BindingBody-Input'];
export type StaticFile = S['FileOut'];
export type OutputSpec = S['OutputSpecBody'];
export type Deployment = S['StudioDeploymentOut'];
export type Version = S['VersionOut'];
export type VersionDetail = S['VersionDetail'];
export type Variable = S['VariableOut'];
export type Secret = S['SecretOut'];

export type RunState = S['RunState'];
export type RunSummary = S['RunSummary'];
export type Run = S['RunOut'];
export type Execution = S['ExecutionOut'];
export type Value = S['ValueOut'];
export type LogLine = S['LogLineOut'];
export type RunnerDeployment = S['RunnerDeploymentOut'];
export type TriggerStatus = S['TriggerOut'];

/** A file value of the runner (`ValueOut.value` when `type` is file or directory). */
export interface StoredFile {
  key: string;
  name: string;
  size: number | null;
  directory: boolean;
}
