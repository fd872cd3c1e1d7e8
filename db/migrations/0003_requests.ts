import type { Migration } from './types.ts';
import { AGENCY_SEED, type AgencySeed } from './agency-seed.ts';
import { CREATE_SUNSHINE_TEXT_SEARCH, tsvectorOf } from './pg-search.ts';

const INSERT_SEED = `INSERT INTO agencies (name, abbreviation, parent_id, foia_email, portal_url, appeal_days, appeal_day_kind, notes)
       VALUES (@name, @abbreviation, (SELECT id FROM agencies WHERE abbreviation = @parent), @foiaEmail, @portalUrl, @appealDays, @appealDayKind, @notes)`;
const seedRow = (a: AgencySeed) => ({ parent: null, foiaEmail: '', portalUrl: '', appealDays: 90, appealDayKind: 'calendar', notes: '', ...a });

/**
 * Agencies (with a shipped directory of departments and components), records
 * requests, their tracking numbers and timelines, extra closure days, and a
 * full-text index over subject, records sought and notes.
 *
 * status, due_date, opened_on, is_open and appealed_ever are derived from the
 * timeline by the core on every change (never typed in) and kept here so that
 * lists of tens of thousands of requests filter and sort in SQL.
 */
export const m0003: Migration = {
  version: 3,
  name: 'records requests',
  up(db) {
    db.exec(`
      CREATE TABLE agencies (
        id              INTEGER PRIMARY KEY,
        name            TEXT NOT NULL,
        abbreviation    TEXT NOT NULL,
        parent_id       INTEGER REFERENCES agencies(id),
        foia_email      TEXT NOT NULL DEFAULT '',
        portal_url      TEXT NOT NULL DEFAULT '',
        appeal_days     INTEGER NOT NULL DEFAULT 90 CHECK (appeal_days BETWEEN 1 AND 3650),
        appeal_day_kind TEXT NOT NULL DEFAULT 'calendar' CHECK (appeal_day_kind IN ('calendar', 'working')),
        notes           TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE UNIQUE INDEX agencies_abbreviation ON agencies(abbreviation COLLATE NOCASE);
      CREATE UNIQUE INDEX agencies_name ON agencies(name COLLATE NOCASE);
      CREATE INDEX agencies_parent ON agencies(parent_id);

      CREATE TABLE requests (
        id                   INTEGER PRIMARY KEY,
        reference            TEXT NOT NULL UNIQUE,
        kind                 TEXT NOT NULL CHECK (kind IN ('foia', 'state-records', 'oversight-letter', 'subpoena')),
        agency_id            INTEGER NOT NULL REFERENCES agencies(id),
        subject              TEXT NOT NULL,
        records_sought       TEXT NOT NULL DEFAULT '',
        records_from         TEXT,
        records_to           TEXT,
        requester            TEXT NOT NULL DEFAULT '',
        assignee             TEXT NOT NULL DEFAULT '',
        priority             TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        expedited_requested  INTEGER NOT NULL DEFAULT 0,
        expedited_granted    INTEGER,
        fee_waiver_requested INTEGER NOT NULL DEFAULT 0,
        fee_waiver_granted   INTEGER,
        fee_category         TEXT,
        fee_estimate_cents   INTEGER,
        fee_paid_cents       INTEGER,
        due_at               TEXT,
        due_tz               TEXT,
        due_asap             INTEGER NOT NULL DEFAULT 0,
        notes                TEXT NOT NULL DEFAULT '',
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL,
        status               TEXT NOT NULL DEFAULT 'draft',
        due_date             TEXT,
        opened_on            TEXT,
        is_open              INTEGER NOT NULL DEFAULT 0,
        appealed_ever        INTEGER NOT NULL DEFAULT 0,
        -- Sort key for "soonest due first" with undated requests last, so the index serves it.
        due_sort             TEXT GENERATED ALWAYS AS (coalesce(due_date, '9999-12-31')) VIRTUAL
      ) STRICT;
      CREATE INDEX requests_status ON requests(status);
      CREATE INDEX requests_agency ON requests(agency_id);
      CREATE INDEX requests_due ON requests(is_open, due_date);
      CREATE INDEX requests_due_sort ON requests(due_sort, id);
      CREATE INDEX requests_assignee ON requests(assignee);
      CREATE INDEX requests_kind ON requests(kind);

      CREATE TABLE tracking_numbers (
        id         INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        agency_id  INTEGER NOT NULL REFERENCES agencies(id),
        kind       TEXT NOT NULL CHECK (kind IN ('agency', 'split', 'referral', 'appeal', 'portal')),
        number     TEXT NOT NULL,
        UNIQUE (agency_id, number)
      ) STRICT;
      CREATE INDEX tracking_numbers_request ON tracking_numbers(request_id);

      CREATE TABLE request_events (
        id         INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        type       TEXT NOT NULL,
        date       TEXT NOT NULL,
        reason     TEXT,
        outcome    TEXT,
        exemptions TEXT NOT NULL DEFAULT '[]',
        statute    TEXT,
        note       TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX request_events_request ON request_events(request_id, date);

      -- Last number handed out per series (e.g. request references of one year).
      CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE closures (
        date   TEXT PRIMARY KEY,
        reason TEXT NOT NULL
      ) STRICT;

      CREATE VIRTUAL TABLE requests_fts USING fts5(
        subject, records_sought, notes, content='requests', content_rowid='id', tokenize='porter unicode61'
      );
      CREATE TRIGGER requests_fts_insert AFTER INSERT ON requests BEGIN
        INSERT INTO requests_fts(rowid, subject, records_sought, notes) VALUES (new.id, new.subject, new.records_sought, new.notes);
      END;
      CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests BEGIN
        INSERT INTO requests_fts(requests_fts, rowid, subject, records_sought, notes) VALUES ('delete', old.id, old.subject, old.records_sought, old.notes);
      END;
      CREATE TRIGGER requests_fts_update AFTER UPDATE OF subject, records_sought, notes ON requests BEGIN
        INSERT INTO requests_fts(requests_fts, rowid, subject, records_sought, notes) VALUES ('delete', old.id, old.subject, old.records_sought, old.notes);
        INSERT INTO requests_fts(rowid, subject, records_sought, notes) VALUES (new.id, new.subject, new.records_sought, new.notes);
      END;
    `);
    const insert = db.prepare(INSERT_SEED);
    for (const a of AGENCY_SEED) insert.run(seedRow(a));
  },
  // Yes/no columns stay 0/1 (smallint), so rows have one shape on both engines. Names unique
  // "whatever their case" (NOCASE) are unique indexes on lower(). The full-text index is a
  // tsvector column (tsv) PostgreSQL keeps itself, with a GIN index, in place of requests_fts.
  async pg(tx) {
    await tx.exec(CREATE_SUNSHINE_TEXT_SEARCH);
    await tx.exec(`
      CREATE TABLE agencies (
        id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name            text NOT NULL,
        abbreviation    text NOT NULL,
        parent_id       bigint REFERENCES agencies(id),
        foia_email      text NOT NULL DEFAULT '',
        portal_url      text NOT NULL DEFAULT '',
        appeal_days     integer NOT NULL DEFAULT 90 CHECK (appeal_days BETWEEN 1 AND 3650),
        appeal_day_kind text NOT NULL DEFAULT 'calendar' CHECK (appeal_day_kind IN ('calendar', 'working')),
        notes           text NOT NULL DEFAULT ''
      );
      CREATE UNIQUE INDEX agencies_abbreviation ON agencies(lower(abbreviation));
      CREATE UNIQUE INDEX agencies_name ON agencies(lower(name));
      CREATE INDEX agencies_parent ON agencies(parent_id);

      CREATE TABLE requests (
        id                   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        reference            text NOT NULL UNIQUE,
        kind                 text NOT NULL CHECK (kind IN ('foia', 'state-records', 'oversight-letter', 'subpoena')),
        agency_id            bigint NOT NULL REFERENCES agencies(id),
        subject              text NOT NULL,
        records_sought       text NOT NULL DEFAULT '',
        records_from         text,
        records_to           text,
        requester            text NOT NULL DEFAULT '',
        assignee             text NOT NULL DEFAULT '',
        priority             text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        expedited_requested  smallint NOT NULL DEFAULT 0 CHECK (expedited_requested IN (0, 1)),
        expedited_granted    smallint CHECK (expedited_granted IN (0, 1)),
        fee_waiver_requested smallint NOT NULL DEFAULT 0 CHECK (fee_waiver_requested IN (0, 1)),
        fee_waiver_granted   smallint CHECK (fee_waiver_granted IN (0, 1)),
        fee_category         text,
        fee_estimate_cents   bigint,
        fee_paid_cents       bigint,
        due_at               text,
        due_tz               text,
        due_asap             smallint NOT NULL DEFAULT 0 CHECK (due_asap IN (0, 1)),
        notes                text NOT NULL DEFAULT '',
        created_at           text NOT NULL,
        updated_at           text NOT NULL,
        status               text NOT NULL DEFAULT 'draft',
        due_date             text,
        opened_on            text,
        is_open              smallint NOT NULL DEFAULT 0 CHECK (is_open IN (0, 1)),
        appealed_ever        smallint NOT NULL DEFAULT 0 CHECK (appealed_ever IN (0, 1)),
        due_sort             text GENERATED ALWAYS AS (coalesce(due_date, '9999-12-31')) STORED,
        -- The three texts follow one another in one tsvector, so a phrase could run from one into
        -- the next (FTS5 keeps columns apart); each is weighted (A, B, C) so a query can tell them apart.
        tsv                  tsvector GENERATED ALWAYS AS (
                               setweight(${tsvectorOf('subject')}, 'A') ||
                               setweight(${tsvectorOf('records_sought')}, 'B') ||
                               setweight(${tsvectorOf('notes')}, 'C')) STORED
      );
      CREATE INDEX requests_status ON requests(status);
      CREATE INDEX requests_agency ON requests(agency_id);
      CREATE INDEX requests_due ON requests(is_open, due_date);
      CREATE INDEX requests_due_sort ON requests(due_sort, id);
      CREATE INDEX requests_assignee ON requests(assignee);
      CREATE INDEX requests_kind ON requests(kind);
      CREATE INDEX requests_tsv ON requests USING gin (tsv);

      CREATE TABLE tracking_numbers (
        id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        request_id bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        agency_id  bigint NOT NULL REFERENCES agencies(id),
        kind       text NOT NULL CHECK (kind IN ('agency', 'split', 'referral', 'appeal', 'portal')),
        number     text NOT NULL,
        UNIQUE (agency_id, number)
      );
      CREATE INDEX tracking_numbers_request ON tracking_numbers(request_id);

      CREATE TABLE request_events (
        id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        request_id bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        type       text NOT NULL,
        date       text NOT NULL,
        reason     text,
        outcome    text,
        exemptions text NOT NULL DEFAULT '[]',
        statute    text,
        note       text NOT NULL DEFAULT '',
        created_at text NOT NULL
      );
      CREATE INDEX request_events_request ON request_events(request_id, date);

      CREATE TABLE counters (
        name  text PRIMARY KEY,
        value bigint NOT NULL
      );

      CREATE TABLE closures (
        date   text PRIMARY KEY,
        reason text NOT NULL
      );
    `);
    for (const a of AGENCY_SEED) await tx.run(INSERT_SEED, seedRow(a));
  },
};
