import type { Migration } from './types.ts';

/** The same statement on both engines. */
const ADD_WORDS = 'ALTER TABLE pages ADD COLUMN words TEXT';

/**
 * Where OCR found each word on a page: JSON `{"w":…,"h":…,"words":[[text,
 * left, top, width, height], …]}` in pixels of the image read, so the viewer
 * can box search hits on the picture. Null for pages read before this (or
 * with a text layer of their own): they are shown without hit boxes.
 */
export const m0013: Migration = {
  version: 13,
  name: 'page words',
  up(db) {
    db.exec(ADD_WORDS);
  },
  pg: (tx) => tx.exec(ADD_WORDS),
};
