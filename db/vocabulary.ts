/**
 * The words of the page index, for wildcards (`te?m`), word forms (`sponsor~`) and "did you mean".
 * SQLite reads them from the FTS5 index itself (`temp.pages_vocab`, an fts5vocab table made at
 * open); PostgreSQL keeps them in `page_vocabulary`, which a trigger on pages fills (migration 17).
 * Both are ordered by word, so every look-up here is a range of words sharing a start: a seek in
 * an index, never a scan of the pages.
 */
import type { Database } from 'better-sqlite3';
import { textConfig } from './dialect.ts';
import type { Reader } from './engine.ts';

/** SQLite: the page index's words, per connection (an fts5vocab table stores nothing; it reads the index). */
export function openVocabulary(db: Database): void {
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.pages_vocab USING fts5vocab(main, pages_fts, row)');
}

export interface VocabularyWord {
  word: string;
  /** How many pages hold it: exact on SQLite, unknown (0) on PostgreSQL until counted (pagesHolding). */
  pages: number;
}

/** After every word starting with a given start, in the byte order both engines keep words in. */
const LAST = '\u{10FFFF}';

/** The index's words starting with `start`, in order from `from` (the next batch's first), at most `limit` of them. */
export async function wordsStarting(q: Reader, start: string, limit: number, from = start): Promise<VocabularyWord[]> {
  const sql =
    q.kind === 'sqlite'
      ? 'SELECT term AS word, doc AS pages FROM temp.pages_vocab WHERE term >= @from AND term < @to ORDER BY term LIMIT @limit'
      : 'SELECT word, 0 AS pages FROM page_vocabulary WHERE word >= @from AND word < @to ORDER BY word LIMIT @limit';
  return await q.all<VocabularyWord>(sql, { from, to: start + LAST, limit });
}

/** Pages are counted up to this many on PostgreSQL, where each count reads the word's index entries: enough to rank suggestions. */
const COUNT_UP_TO = 10_000;

/** Of these words, those in the index, with how many pages hold each (on PostgreSQL, up to COUNT_UP_TO). */
export async function pagesHolding(q: Reader, words: string[]): Promise<VocabularyWord[]> {
  if (words.length === 0) return [];
  if (q.kind === 'sqlite') {
    const rows: VocabularyWord[] = [];
    // One seek per word: fts5vocab answers `term = ?` from the index, not an IN list.
    for (const word of new Set(words)) {
      const row = await q.get<VocabularyWord>('SELECT term AS word, doc AS pages FROM temp.pages_vocab WHERE term = @word', { word });
      if (row && row.pages > 0) rows.push(row);
    }
    return rows;
  }
  const rows = await q.all<VocabularyWord>(
    // Counted by sunshine_pages_holding (migration 25): pages hidden from the caller left out, with the GIN index.
    `SELECT v.word, sunshine_pages_holding(to_tsquery('${textConfig('pages')}', quote_literal(v.word)), @upTo) AS pages
       FROM page_vocabulary v WHERE v.word IN (SELECT value FROM jsonb_array_elements_text(CAST(@words AS jsonb)))`,
    { words: JSON.stringify([...new Set(words)]), upTo: COUNT_UP_TO },
  );
  return rows.map((r) => ({ word: r.word, pages: Number(r.pages) })).filter((r) => r.pages > 0);
}
