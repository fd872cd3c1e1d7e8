import type { Migration } from './types.ts';

/**
 * Need-to-know disclosures. `disclosure_grants` says which logins may see a disclosure; on
 * PostgreSQL row-level security makes that the server's rule, not the app's: a member who is not
 * granted a disclosure reads nothing of it (its rows, its sources, its contacts and referrals, the
 * documents linked to it with everything hanging off them, and its history), whatever SQL they
 * send. Admins see everything. A data folder on SQLite has one person, who sees everything: the
 * table is there so that a workspace copied between engines keeps its grants.
 *
 * How the rules stay cheap on a big workspace:
 * - `(SELECT sunshine_sees_all())` is an InitPlan: the admin test runs once per statement, and
 *   when it holds nothing else in the policy is evaluated.
 * - What a member is granted, and the documents hidden from them, come from SECURITY DEFINER
 *   set-returning functions read once per statement as a hashed subplan (`x IN (SELECT f())`),
 *   never a function call per row. They are SECURITY DEFINER because the rows they read are
 *   themselves behind the rules (a member cannot see the links of a document they may not see,
 *   which is exactly what says it is hidden).
 * - FORCE binds the tables' owner (the workspace's first admin) too; inside the SECURITY DEFINER
 *   functions the current user is that owner while the session user is the caller, and only there
 *   (`sunshine_sees_all`) do the rules step aside, so the functions can read what they decide on.
 *   The owner may change the schema and so is never truly bound: a demoted first admin keeps that
 *   power until ownership is passed to another admin.
 */
const GRANTS_SQLITE = `
  CREATE TABLE disclosure_grants (
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id) ON DELETE CASCADE,
    login         TEXT NOT NULL,
    granted_by    TEXT NOT NULL,
    granted_at    TEXT NOT NULL,
    PRIMARY KEY (disclosure_id, login)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX disclosure_grants_login ON disclosure_grants(login, disclosure_id);
`;

/** A disclosure (by its id column) the session user sees. */
const seesDisclosure = (column: string) => `(SELECT sunshine_sees_all()) OR ${column} IN (SELECT sunshine_granted_disclosures())`;
/** A document (by its id column) the session user sees: one linked to no disclosure they are not granted. */
const seesDocument = (column: string) => `(SELECT sunshine_sees_all()) OR ${column} NOT IN (SELECT sunshine_hidden_documents())`;

/** The tables that hang off a disclosure, by the column naming it. */
const OF_DISCLOSURE = ['disclosure_identities', 'disclosure_contacts', 'disclosure_referrals', 'request_disclosures'];

/**
 * The tables that hang off a document, by the column naming it: everything lists, search, facets
 * and counts read (pages carry the search index on PostgreSQL; document_fields_fts the fields).
 */
const OF_DOCUMENT = [
  'pages',
  'document_names',
  'document_links',
  'document_tags',
  'reviews',
  'redactions',
  'production_documents',
  'pii_hits',
  'page_bates',
  'redaction_approvals',
  'document_audit',
  'document_fields_fts',
];

const guard = (table: string) => `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ${INDEXED_TEXT.includes(table) ? '' : `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;`}`;

/**
 * The tables searched through a GIN index. Under a policy the server may not use an index for a
 * condition that is not LEAKPROOF (\`@@\` is not, and only a superuser can mark it so): every search
 * would read every page. So the app matches words through SECURITY DEFINER functions
 * (sunshine_page_matches, sunshine_field_matches, sunshine_pages_holding) that leave out hidden
 * documents themselves, and these two tables are not FORCEd: their owner, who runs those
 * functions, reads them unbound, with the index. The owner is the first admin, who sees
 * everything anyway (and could lift FORCE at will); every other login is bound by the policies.
 */
const INDEXED_TEXT = ['pages', 'document_fields_fts'];

/** Inside the search functions: the caller is an admin, or the document is not hidden from them. */
const notHidden = (column: string) => `((SELECT sunshine_is_admin()) OR ${column} NOT IN (SELECT sunshine_hidden_documents()))`;

const PG = `
  ${GRANTS_SQLITE.replace(/INTEGER/g, 'bigint').replace(/TEXT/g, 'text').replace(/\) STRICT, WITHOUT ROWID;/, ');')}

  -- Inside the functions below (SECURITY DEFINER: the current user is the tables' owner, the session
  -- user the caller) and for admins the rules step aside. Not SECURITY DEFINER itself: it asks who runs it.
  CREATE FUNCTION sunshine_sees_all() RETURNS boolean LANGUAGE sql STABLE SET search_path FROM CURRENT
    AS $$ SELECT sunshine_is_admin()
          OR (current_user <> session_user AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'disclosures'::regclass)) $$;
  CREATE FUNCTION sunshine_granted_disclosures() RETURNS SETOF bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT disclosure_id FROM disclosure_grants WHERE login = session_user $$;
  CREATE FUNCTION sunshine_sees_disclosure(id bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT sunshine_is_admin() OR EXISTS (SELECT 1 FROM disclosure_grants g WHERE g.disclosure_id = id AND g.login = session_user) $$;
  CREATE FUNCTION sunshine_hidden_documents() RETURNS SETOF bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT DISTINCT dd.document_id FROM document_disclosures dd
          WHERE NOT EXISTS (SELECT 1 FROM disclosure_grants g WHERE g.disclosure_id = dd.disclosure_id AND g.login = session_user) $$;
  CREATE FUNCTION sunshine_hidden_disclosure_references() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT d.reference FROM disclosures d
          WHERE NOT EXISTS (SELECT 1 FROM disclosure_grants g WHERE g.disclosure_id = d.id AND g.login = session_user) $$;
  -- A disclosure written by this very transaction (xmin, as the 32-bit id the row holds): its
  -- creator is granted it in the same write, once the row exists. (Not usable in the disclosures'
  -- own policy: an INSERT's new row is checked before it is stored, without an xmin.)
  CREATE FUNCTION sunshine_fresh_disclosure(id bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT EXISTS (SELECT 1 FROM disclosures d WHERE d.id = $1 AND d.xmin::text = (pg_current_xact_id_if_assigned()::text::numeric % 4294967296)::text) $$;
  -- Who may grant and revoke: an admin, the disclosure's assignee, or whoever logs it, in that write.
  CREATE FUNCTION sunshine_may_grant(id bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT sunshine_is_admin() OR EXISTS (SELECT 1 FROM disclosures d WHERE d.id = $1 AND d.assignee = session_user) OR sunshine_fresh_disclosure($1) $$;

  CREATE FUNCTION sunshine_page_matches(q tsquery) RETURNS TABLE (id bigint, document_id bigint) LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT p.id, p.document_id FROM pages p WHERE p.tsv @@ q AND ${notHidden('p.document_id')} $$;
  CREATE FUNCTION sunshine_pages_holding(q tsquery, up_to bigint) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT count(*) FROM (SELECT 1 FROM pages p WHERE p.tsv @@ q AND ${notHidden('p.document_id')} LIMIT up_to) c $$;
  CREATE FUNCTION sunshine_field_matches(field text, q tsquery) RETURNS SETOF bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ BEGIN
      RETURN QUERY EXECUTE format('SELECT f.document_id FROM document_fields_fts f WHERE f.%I @@ $1 AND ${notHidden('f.document_id').replace(/'/g, "''")}', field) USING q;
    END $$;

  ${guard('disclosures')}
  -- Anyone may log one (the app asks for counsel); its creator is granted it in the same write (sunshine_fresh_disclosure).
  CREATE POLICY need_to_know ON disclosures USING (${seesDisclosure('id')}) WITH CHECK (true);

  ${guard('disclosure_grants')}
  CREATE POLICY need_to_know_read ON disclosure_grants FOR SELECT USING (${seesDisclosure('disclosure_id')} OR login = session_user);
  CREATE POLICY need_to_know_grant ON disclosure_grants FOR INSERT WITH CHECK (sunshine_may_grant(disclosure_id));
  CREATE POLICY need_to_know_revoke ON disclosure_grants FOR DELETE USING (sunshine_may_grant(disclosure_id));

  ${OF_DISCLOSURE.map((t) => `${guard(t)} CREATE POLICY need_to_know ON ${t} USING (${seesDisclosure('disclosure_id')});`).join('\n  ')}

  ${guard('document_disclosures')}
  CREATE POLICY need_to_know ON document_disclosures USING ((${seesDisclosure('disclosure_id')}) AND (${seesDocument('document_id')}));

  ${guard('documents')}
  CREATE POLICY need_to_know ON documents USING (${seesDocument('id')});
  ${OF_DOCUMENT.map((t) => `${guard(t)} CREATE POLICY need_to_know ON ${t} USING (${seesDocument('document_id')});`).join('\n  ')}

  -- The history of a hidden disclosure or document, and a request's rows naming a hidden
  -- disclosure it was linked to. Anyone may append (the chain's head is in audit_head).
  ${guard('audit_log')}
  CREATE POLICY need_to_know_read ON audit_log FOR SELECT USING ((SELECT sunshine_sees_all()) OR NOT (
       (entity = 'disclosure' AND entity_id IN (SELECT sunshine_hidden_disclosure_references()))
    OR (entity = 'document' AND entity_id IN (SELECT h::text FROM sunshine_hidden_documents() h))
    OR (entity = 'request' AND action IN ('disclosures.linkRequest', 'disclosures.unlinkRequest')
        AND coalesce(coalesce(after, before)::json ->> 'disclosure', '') IN (SELECT sunshine_hidden_disclosure_references()))));
  CREATE POLICY need_to_know_append ON audit_log FOR INSERT WITH CHECK (true);
`;

export const m0025: Migration = {
  version: 25,
  name: 'need-to-know disclosures',
  up(db) {
    db.exec(GRANTS_SQLITE);
  },
  pg: (tx) => tx.exec(PG),
};
