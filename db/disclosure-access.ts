/**
 * Who may reveal a disclosure's source, as the keys of team workspaces ask it
 * (core/disclosures/team-keys.ts). One place for the question, so that the need-to-know grants
 * (the `disclosure_grants` table, built beside this) answer it once they are in.
 */
import type { Reader } from './engine.ts';

/**
 * The logins granted a disclosure, besides whoever is sealing its identity: they get its key
 * (wrapped at once when they have a key pair, else waiting for it).
 *
 * Until the grants table is in, the logins that already hold or wait for the disclosure's key
 * (so a corrected identity reaches the same people). MERGE: add
 * `UNION SELECT login FROM disclosure_grants WHERE disclosure_id = @id`.
 */
export async function grantedLogins(q: Reader, disclosureId: number): Promise<string[]> {
  const rows = await q.all<{ login: string }>('SELECT login FROM disclosure_keys WHERE disclosure_id = @id ORDER BY login', { id: disclosureId });
  return rows.map((r) => r.login);
}

/**
 * Whether a login waiting for a disclosure's key may be given it: a holder's unlock wraps the key
 * only for those. Until the grants table is in, a waiting place (made by afterAccessGranted) is
 * the grant. MERGE: `SELECT 1 FROM disclosure_grants WHERE disclosure_id = @id AND login = @login`,
 * so a waiting place a member planted for themselves is never honoured.
 */
export async function mayHoldKey(q: Reader, disclosureId: number, login: string): Promise<boolean> {
  return (await q.get('SELECT 1 AS y FROM disclosure_keys WHERE disclosure_id = @id AND login = @login', { id: disclosureId, login })) !== undefined;
}
