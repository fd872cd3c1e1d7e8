/**
 * Kinds of document whose pages can carry redaction boxes: PDF pages and
 * pictures, both burned into the produced page's pixels. Other kinds are
 * withheld instead (or produced as a PDF first). One rule for the window,
 * the redaction calls and the production.
 */
export const canRedact = (type: string): boolean => type === 'pdf' || type === 'image';
