/**
 * A production's defaults, shared by the contract, the CLI and the window.
 * Pure data.
 */

/**
 * Kinds of document (search-query.ts DOCUMENT_KINDS) sent as their original
 * file behind a one-page slip sheet instead of Bates-stamped page images.
 * The norm for congressional and e-discovery productions is page images for
 * everything except what does not print: spreadsheets (XLSX, XLS, ODS, CSV),
 * audio and video — Sunshine imports no audio or video. (A file stored but
 * not read always goes native: productions/forms.ts.)
 */
export const NATIVE_BY_DEFAULT = ['spreadsheet', 'csv'] as const;

/** Digits in a Bates number under a prefix not used before (afterwards, the prefix's own: bates-ledger.ts paddingFor). */
export const DEFAULT_PADDING = 8;

/** What each produced page is: a single-page PDF, or a single-page Group 4 TIFF for loaders that take nothing else. */
export const PAGE_IMAGE_FORMATS = ['pdf', 'tiff'] as const;
export type PageImageFormat = (typeof PAGE_IMAGE_FORMATS)[number];
