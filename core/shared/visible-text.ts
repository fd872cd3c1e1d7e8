/**
 * Characters that change how the text around them is shown rather than what
 * it says: C0 and C1 controls, and the bidirectional marks, embeddings,
 * overrides and isolates. A right-to-left override can make a file named
 * "invoice\u202Efdp.exe" read as "invoiceexe.pdf". Names from outside are
 * stored and shown without them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with those characters removed. */
export const visibleText = (text: string): string => text.replace(INVISIBLE, '');
