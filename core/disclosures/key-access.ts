/**
 * What follows a change of who may see a disclosure, inside the write that grants or revokes it:
 * the disclosure's identity key wrapped for a newly granted login, re-wrapped without a revoked one.
 * No-ops here; the per-user keys step fills them in.
 */
import type { Writer } from '../../db/store.ts';

export const afterAccessGranted = async (_w: Writer, _disclosureId: number, _login: string): Promise<void> => {};

export const afterAccessRevoked = async (_w: Writer, _disclosureId: number, _login: string): Promise<void> => {};
