/** The public face of the core for shells (electron/, web/, cli/). */
export { openCore, type Core, type CoreOptions } from './core.ts';
export { openCoreInWorker, inProcessHandle, type CoreHandle, type ServedCore } from './core-host.ts';
export { resolveDataDir, dataFlagFrom, platformUserDataDir, dbPathIn, filesDirIn, APP_NAME } from './datadir.ts';
export { AppError, type ApiError, type ErrorCode } from './errors.ts';
export { api, type Bridge, type CallName } from './api.ts';
export type { ChangedEvent, CoreEvent, Progress, ProgressEvent } from './contract.ts';
export type { Result } from './result.ts';
export { APP_VERSION } from './version.ts';
export { CONTENT_SECURITY_POLICY } from './csp.ts';
export { staticFile } from './static-files.ts';
export { ORIGINAL_PATH, type OriginalReply } from './documents/originals.ts';
export { IPC } from './ipc.ts';
export { OUT_OF_MEMORY, stderrTail, type Helper, type HelperEvents, type HelperExit, type SpawnHelper } from './documents/helper-process.ts';
export { safeStorageKeyHolder, teamKeychainDir, type KeyHolder, type SafeStorageLike } from './disclosures/keychain.ts';
/** For the command line's --source-from: a source's identity checked by the API's own rules, with its messages. */
export { identityInput } from './api-disclosures.ts';
export { describeZodError } from './human-errors.ts';
export { restoreClosedWorkspace, restoreTeamWorkspace } from './restore-offline.ts';
export { copyWorkspace, type WorkspaceCopyReport } from './workspace-copy.ts';
export { writePrivate } from './private-files.ts';
export { RULES } from './deadlines/rules.ts';
export { createLauncher, type Launcher } from './launcher.ts';
export { noPasswordKeeper, safeStoragePasswordKeeper, type OpenTarget, type PasswordKeeper, type Place } from './places.ts';
