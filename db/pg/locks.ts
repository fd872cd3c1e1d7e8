/**
 * Sunshine's advisory locks on PostgreSQL, all in one place. The two-number form, first number
 * 'SUNS' (0x53554E53), keeps them apart from any other application's locks in the same database
 * (docs/engines.md §2.0). Advisory keys are per database: two workspaces never wait on each other.
 */
export const LOCK_SPACE = 0x53554e53;
/** Held while migrations run, so two Sunshines opening a new database take turns. */
export const MIGRATION_LOCK = 0;
/**
 * Held by every write transaction until it commits: one writer at a time, as SQLite's BEGIN
 * IMMEDIATE, so every check a write makes before it writes still holds when it writes, and the
 * audit chain is appended in one order. Readers never take it.
 */
export const WRITER_LOCK = 1;
/** Held (tried, never waited for) by a restore into the workspace: a second restore started meanwhile is refused. */
export const RESTORE_LOCK = 2;
