import { defineHandlers } from '../context.ts';
import { AppError } from '../errors.ts';
import { accessOf, grantInWrite, requireMayGrant, requireMember } from '../disclosures/access.ts';
import { afterAccessRevoked } from '../disclosures/key-access.ts';
import { requireDisclosure } from '../disclosures/lookup.ts';
import { deleteGrant, grantsOf } from '../../db/disclosures.ts';

export const disclosureAccessHandlers = defineHandlers({
  'disclosures.grant': async ({ reference, login }, ctx) => {
    const d = await requireDisclosure(ctx.store.engine, reference);
    await requireMayGrant(ctx, d);
    await requireMember(ctx.store.engine, login);
    return ctx.store.write(ctx.actor, async (w) => {
      await grantInWrite(w, d, login);
      return { access: await accessOf(w, d.id) };
    });
  },

  'disclosures.revokeGrant': async ({ reference, login }, ctx) => {
    const d = await requireDisclosure(ctx.store.engine, reference);
    await requireMayGrant(ctx, d);
    return ctx.store.write(ctx.actor, async (w) => {
      if (!(await grantsOf(w, d.id)).some((g) => g.login === login)) throw new AppError('NOT_FOUND', `login: ${login} is not granted ${d.reference}.`);
      // The history row first: once the grant is gone, someone revoking their own access no
      // longer sees the disclosure's history, and could not write a row of it they cannot read.
      await w.audit({ action: 'disclosure.revokeGrant', entity: 'disclosure', entityId: d.reference, before: { login } });
      // The key's wrap and rotation mark too, while the disclosure is still visible to whoever
      // revokes (an assignee revoking their own grant could not reach them afterwards).
      await afterAccessRevoked(w, d.id, login);
      await deleteGrant(w, d.id, login);
      return { access: await accessOf(w, d.id) };
    });
  },
});
