/** How search results can be listed: the API's choices, shared by the core, the CLI and the screen. */

/** One result a matching page, or one a document (its best page, and how many of its pages matched). */
export const RESULT_GROUPS = ['pages', 'documents'] as const;
export type ResultGroup = (typeof RESULT_GROUPS)[number];

/** Best first; newest document date first (undated last); Bates number (documents never produced last). */
export const RESULT_SORTS = ['relevance', 'date', 'bates'] as const;
export type ResultSort = (typeof RESULT_SORTS)[number];

export interface SearchView {
  group: ResultGroup;
  sort: ResultSort;
}
