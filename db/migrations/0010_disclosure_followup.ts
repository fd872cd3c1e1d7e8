import type { Migration } from './types.ts';

/**
 * What happens to a disclosure after intake: the timeline of contacts with
 * the source, referrals onward (an inspector general, OSC, GAO, another
 * committee) and the requests it led to. None of these hold the source's
 * identity; a referral records whether the identity went with it and whether
 * consent for that was on file.
 */
export const m0010: Migration = {
  version: 10,
  name: 'disclosure follow-up',
  up(db) {
    db.exec(`
      CREATE TABLE disclosure_contacts (
        id            INTEGER PRIMARY KEY,
        disclosure_id INTEGER NOT NULL REFERENCES disclosures(id) ON DELETE CASCADE,
        contacted_on  TEXT NOT NULL,
        kind          TEXT NOT NULL,   -- phone, email, meeting, letter, secure-message
        direction     TEXT NOT NULL,   -- from-source, to-source
        summary       TEXT NOT NULL,
        created_by    TEXT NOT NULL,
        created_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX disclosure_contacts_disclosure ON disclosure_contacts(disclosure_id, contacted_on);

      CREATE TABLE disclosure_referrals (
        id               INTEGER PRIMARY KEY,
        disclosure_id    INTEGER NOT NULL REFERENCES disclosures(id) ON DELETE CASCADE,
        referred_on      TEXT NOT NULL,
        recipient_kind   TEXT NOT NULL,  -- inspector-general, osc, gao, committee, other
        recipient        TEXT NOT NULL,
        case_number      TEXT NOT NULL DEFAULT '',
        shares_identity  INTEGER NOT NULL DEFAULT 0,
        consent_on_file  INTEGER NOT NULL DEFAULT 0,
        warnings         TEXT NOT NULL DEFAULT '[]',  -- JSON: the consent warnings the referrer went ahead past
        note             TEXT NOT NULL DEFAULT '',
        created_by       TEXT NOT NULL,
        created_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX disclosure_referrals_disclosure ON disclosure_referrals(disclosure_id, referred_on);

      CREATE TABLE request_disclosures (
        request_id    INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        disclosure_id INTEGER NOT NULL REFERENCES disclosures(id) ON DELETE CASCADE,
        PRIMARY KEY (request_id, disclosure_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX request_disclosures_disclosure ON request_disclosures(disclosure_id);
    `);
  },
};
