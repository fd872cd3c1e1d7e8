/**
 * Message-IDs as threading compares them: one spelling for the same id whatever header or reader
 * it came from. Lower case (mail systems differ in the case they keep), without the < > brackets,
 * no whitespace (folded headers break long ids across lines), each id bounded in length and a
 * list bounded in count, so a hostile References header cannot fill a row.
 */

/** Longest id kept (RFC 5322 sets no bound; real ones are well under 250 characters). */
export const MAX_ID_LENGTH = 250;
/** Most References ids kept: the newest ones, which are the nearest ancestors. */
export const MAX_REFERENCES = 50;

/** One id, normalized; undefined when nothing usable is left. */
export function messageId(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const id = raw.replace(/\s+/g, '').replace(/^<+|>+$/g, '').toLowerCase();
  return id && id.length <= MAX_ID_LENGTH && !/[<>]/.test(id) ? id : undefined;
}

/**
 * The ids of a header that may hold several (References, and an In-Reply-To some mailers fill
 * with more than one): an array of strings, or one string of `<a> <b>`; in order, each once.
 */
export function messageIds(raw: unknown): string[] {
  const parts = Array.isArray(raw) ? raw.flatMap((r) => (typeof r === 'string' ? splitIds(r) : [])) : typeof raw === 'string' ? splitIds(raw) : [];
  const ids = [...new Set(parts.map(messageId).filter((id): id is string => id !== undefined))];
  return ids.slice(-MAX_REFERENCES);
}

/** `<a@x> <b@y>` → the bracketed ids; a string without brackets is one id (whitespace inside it folded away). */
const splitIds = (s: string): string[] => (s.includes('<') ? [...s.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!) : [s]);

/** The three ids of an email, as Extracted.meta takes them (empty ones left out). */
export function emailIds(raw: { messageId?: unknown; inReplyTo?: unknown; references?: unknown }): { messageId?: string; inReplyTo?: string; references?: string[] } {
  const id = messageId(Array.isArray(raw.messageId) ? raw.messageId[0] : typeof raw.messageId === 'string' ? splitIds(raw.messageId)[0] : undefined);
  // In-Reply-To names the parent; when a mailer put several ids there, the last is the nearest.
  const inReplyTo = messageIds(raw.inReplyTo).at(-1);
  const references = messageIds(raw.references);
  return { ...(id ? { messageId: id } : {}), ...(inReplyTo ? { inReplyTo } : {}), ...(references.length ? { references } : {}) };
}
