import type { Migration } from './types.ts';
import { remakePagesFts } from './pages-fts.ts';
import { CREATE_SUNSHINE_EXACT_TEXT_SEARCH, tsvectorOf } from './pg-search.ts';

/**
 * A saved search's query as it must now be written to find what it found when every word was
 * stemmed: `~` (word forms) after each plain term and phrase. Its own small reading of the query,
 * frozen with this migration (the live parser will go on changing, and db/ does not use core/):
 * a query it cannot read (an unclosed quote) is kept as it was. A term such as `from:ice` is
 * quoted, since fields (migration 18) read a name and a colon as a field.
 */
export function withFormsAsSaved(query: string): string {
  if ((query.match(/["\u201C\u201D]/g) ?? []).length % 2 !== 0) return query;
  // Quoted phrases (with what may follow them), and runs of other characters between spaces and brackets.
  return query.replace(/(["\u201C\u201D][^"\u201C\u201D]*["\u201C\u201D])(\*|~\d*)?|[^\s()"\u201C\u201D]+/gu, (all, phrase: string | undefined, after: string | undefined, at: number) => {
    if (phrase !== undefined) return after ? all : `${phrase}~`;
    const lower = all.toLowerCase();
    const isOperator = ['and', 'or', 'not'].includes(lower) || /^(?:w|near|pre)?\/\d+$/.test(lower) || (lower === 'near' && query[at + all.length] === '(');
    if (isOperator || !/\p{L}/u.test(all)) return all;
    // Inside NEAR( … , 5) the distance may follow a comma: `b,` keeps its comma after the ~.
    const comma = /,$/.test(all) ? ',' : '';
    const body = all.slice(0, all.length - comma.length);
    // `from:ice` was the words "from ice"; from migration 18 on, a name and a colon are a field: quoted, it stays words.
    if (/^[A-Za-z]+:[^*?~]*\*?$/u.test(body)) return body.endsWith('*') ? `"${body.slice(0, -1)}"*${comma}` : `"${body}"~${comma}`;
    if (/[*?~]/.test(all)) return all;
    return `${body}~${comma}`;
  });
}

const SAVED = 'SELECT id, query FROM saved_searches ORDER BY id';
const RESAVE = 'UPDATE saved_searches SET query = ? WHERE id = ?';

/**
 * Words as written (README "Search"): the page index no longer stems, so `sponsor` finds only
 * sponsor and `sponsor~` finds its forms. SQLite's FTS5 index is made anew without `porter`;
 * PostgreSQL's pages take a tsvector in `sunshine_exact`, and keep their vocabulary in
 * `page_vocabulary` (filled by a trigger) for wildcards, word forms and "did you mean" — SQLite
 * reads its vocabulary from the FTS5 index itself. Saved searches get `~` where they relied on
 * stemming. The requests list's filter keeps its stemmed index.
 */
export const m0017: Migration = {
  version: 17,
  name: 'exact words',
  up(db) {
    db.exec(remakePagesFts('unicode61 remove_diacritics 2'));
    const resave = db.prepare(RESAVE);
    for (const s of db.prepare(SAVED).all() as { id: number; query: string }[]) {
      const query = withFormsAsSaved(s.query);
      if (query !== s.query) resave.run(query, s.id);
    }
  },
  async pg(tx) {
    await tx.exec(`
      ${CREATE_SUNSHINE_EXACT_TEXT_SEARCH}
      ALTER TABLE pages DROP COLUMN tsv;
      ALTER TABLE pages ADD COLUMN tsv tsvector GENERATED ALWAYS AS (${tsvectorOf('text', 'sunshine_exact')}) STORED;
      CREATE INDEX pages_tsv ON pages USING gin (tsv);

      -- Byte order ("C"), so a range of words sharing a start is a seek in the primary key.
      CREATE TABLE page_vocabulary (word text COLLATE "C" PRIMARY KEY);
      INSERT INTO page_vocabulary (word) SELECT DISTINCT w FROM pages, unnest(tsvector_to_array(tsv)) AS w;
      -- Words of pages removed stay: a word found on no page expands to nothing, and is never suggested.
      CREATE FUNCTION page_vocabulary_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO page_vocabulary (word) SELECT unnest(tsvector_to_array(NEW.tsv)) ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE TRIGGER pages_vocabulary AFTER INSERT OR UPDATE OF text ON pages FOR EACH ROW EXECUTE FUNCTION page_vocabulary_add();
    `);
    for (const s of await tx.all<{ id: number; query: string }>(SAVED)) {
      const query = withFormsAsSaved(s.query);
      if (query !== s.query) await tx.run(RESAVE, [query, s.id]);
    }
  },
};
