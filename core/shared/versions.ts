/**
 * How a save refused for a record changed since the form loaded it reads (core/versions.ts): the
 * refusal is a CONFLICT whose message ends with these words, so a form can tell it from another
 * conflict (a tag name already taken) and offer Reload and Keep mine.
 */
export const STALE_ENDING = 'reload or keep yours';

export const isStaleSave = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'CONFLICT' && String((e as { message?: unknown }).message).endsWith(STALE_ENDING);
