/**
 * Who may reveal a disclosure's source, as the keys of team workspaces ask it
 * (core/disclosures/team-keys.ts). One place for the question, so that the need-to-know grants
 * (the `disclosure_grants` table, migration 25) answer it.
 */
import type { Reader } from './engine.ts';

/**
 * The logins granted a disclosure, besides whoever is sealing its identity: they get its key
 * (wrapped at once when they have a key pair, else waiting for it).
 * A login that holds a key but is no longer granted (revoked) is left out.
 */
export async function grantedLogins(q: Reader, disclosureId: number): Promise<string[]> {
  const rows = await q.all<{ login: string }>('SELECT login FROM disclosure_grants WHERE disclosure_id = @id ORDER BY login', { id: disclosureId });
  return rows.map((r) => r.login);
}

/**
 * Whether a login waiting for a disclosure's key may be given it: a holder's unlock wraps the key
 * only for those: the grant is the rule, so a waiting place a member planted for themselves is
 * never honoured.
 */
export async function mayHoldKey(q: Reader, disclosureId: number, login: string): Promise<boolean> {
  return (await q.get('SELECT 1 AS y FROM disclosure_grants WHERE disclosure_id = @id AND login = @login', { id: disclosureId, login })) !== undefined;
}
