/** SQLite: the triggers that keep the page index (external content on `pages`) in step with the pages. Part of 0004, 0005 and 0017. */
export const PAGES_FTS_TRIGGERS = `
      CREATE TRIGGER pages_fts_insert AFTER INSERT ON pages BEGIN
        INSERT INTO pages_fts(rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER pages_fts_delete AFTER DELETE ON pages BEGIN
        INSERT INTO pages_fts(pages_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER pages_fts_update AFTER UPDATE OF text ON pages BEGIN
        INSERT INTO pages_fts(pages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO pages_fts(rowid, text) VALUES (new.id, new.text);
      END;
`;

/**
 * SQLite: the page index (FTS5 over `pages`, kept by triggers) made anew with a tokenizer, and
 * filled from the pages. Part of migrations 0005 (stemmed, with prefix indexes) and 0017 (words as
 * written): never change what this produces for a given tokenizer.
 */
export const remakePagesFts = (tokenize: string): string => `
      DROP TRIGGER pages_fts_insert;
      DROP TRIGGER pages_fts_delete;
      DROP TRIGGER pages_fts_update;
      DROP TABLE pages_fts;
      CREATE VIRTUAL TABLE pages_fts USING fts5(
        text, content='pages', content_rowid='id', tokenize='${tokenize}', prefix='2 3'
      );
      INSERT INTO pages_fts(pages_fts) VALUES ('rebuild');
${PAGES_FTS_TRIGGERS}`;
