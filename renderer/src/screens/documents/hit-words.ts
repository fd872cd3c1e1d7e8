/** The words of a search query a shown page marks; core/shared/hit-words.ts finds them on the page. */
import { parseQuery, queryWords } from '../../../../core/shared/search-query.ts';

/** Words of a search query worth marking in a page, as the search reads the query: each phrase as its words joined by a space, prefixes kept, words after NOT left out. */
export function queryTerms(query: string): string[] {
  try {
    return [...new Set(queryWords(parseQuery(query)).map((w) => w.toLowerCase()))];
  } catch {
    return []; // a query the search refuses marks nothing; the search screen says what is wrong with it
  }
}
