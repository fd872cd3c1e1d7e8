/**
 * Full-text search on PostgreSQL, made to split and fold text as the FTS5 tables do
 * (`porter unicode61 remove_diacritics 2`): every run of letters and digits is a word, no word is
 * dropped as a stop word, accents are removed, English words are stemmed. See docs/engines.md §4.4
 * for what still differs (Porter2 vs Porter stems, ligatures).
 *
 * Part of migrations 0003 (the configuration, requests) and 0004 (pages): never change what these
 * produce; a later migration that wants other text makes a new configuration.
 */

/** The configuration, its stemmer without stop words, and unaccent (a trusted extension since PostgreSQL 13). */
export const CREATE_SUNSHINE_TEXT_SEARCH = `
  CREATE EXTENSION IF NOT EXISTS unaccent;
  CREATE TEXT SEARCH DICTIONARY sunshine_stem (TEMPLATE = snowball, Language = english);
  CREATE TEXT SEARCH CONFIGURATION sunshine (COPY = english);
  ALTER TEXT SEARCH CONFIGURATION sunshine ALTER MAPPING
    FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
    WITH unaccent, sunshine_stem;
`;

/**
 * Pages' words as written (migration 17): split as above, accents removed, lower case, nothing
 * stemmed and no stop words. Word forms (`sponsor~`) are found at query time instead.
 */
export const CREATE_SUNSHINE_EXACT_TEXT_SEARCH = `
  CREATE TEXT SEARCH CONFIGURATION sunshine_exact (COPY = simple);
  ALTER TEXT SEARCH CONFIGURATION sunshine_exact ALTER MAPPING
    FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
    WITH unaccent, simple;
`;

/**
 * The tsvector of a text column, in a configuration (`sunshine` unless said). Every character that is not a letter or digit becomes a space
 * first, so `e-mail ada@example.org` gives the words FTS5 gives (PostgreSQL's own parser would
 * keep an address or a hyphenated word whole).
 */
export const tsvectorOf = (column: string, config = 'sunshine') => `to_tsvector('${config}', regexp_replace(${column}, '[^[:alnum:]]+', ' ', 'g'))`;
