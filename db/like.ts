/**
 * A LIKE pattern for "contains this text": its own % _ and \ taken literally (the query says
 * `ESCAPE '\'`). Compare lowered on both sides: LIKE ignores case on SQLite, not on PostgreSQL.
 */
export const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
