import type { Database } from 'better-sqlite3';
import type { DisclosureOut } from '../api-disclosures.ts';
import { AppError } from '../errors.ts';
import { defineHandlers } from '../context.ts';
import { resolveAgency } from '../requests/service.ts';
import { getAgency } from '../../db/agencies.ts';
import { claimDisclosureReference, disclosureByReference, documentsOfDisclosure, insertDisclosure, listDisclosures, sealedIdentity, type DisclosureRow } from '../../db/disclosures.ts';
import { openIdentity, sealIdentity, unlock } from '../disclosures/identity.ts';

export function requireDisclosure(db: Database, reference: string): DisclosureRow {
  const d = disclosureByReference(db, reference);
  if (!d) throw new AppError('NOT_FOUND', `reference: there is no disclosure ${reference.slice(0, 40)}.`);
  return d;
}

function disclosureOut(db: Database, d: DisclosureRow): DisclosureOut {
  return {
    reference: d.reference,
    receivedOn: d.received_on,
    channel: d.channel as DisclosureOut['channel'],
    summary: d.summary,
    agencies: (JSON.parse(d.agencies) as number[]).flatMap((id) => {
      const a = getAgency(db, id);
      return a ? [{ id: a.id, abbreviation: a.abbreviation, name: a.name }] : [];
    }),
    allegations: JSON.parse(d.allegations) as DisclosureOut['allegations'],
    tags: JSON.parse(d.tags) as string[],
    retaliation: d.retaliation === 1,
    personnelAction: d.personnel_action,
    classified: d.classified === 1,
    status: d.status as DisclosureOut['status'],
    assignee: d.assignee,
    pseudonym: d.pseudonym,
    sourceOnFile: sealedIdentity(db, d.id) !== undefined,
    documents: documentsOfDisclosure(db, d.id),
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  };
}

export const disclosureHandlers = defineHandlers({
  'disclosures.create': (input, { store, actor, now }) => {
    const agencies = input.agencies.map((a) => resolveAgency(store.db, a, 'agencies').id);
    const reference = store.write(actor, (w) => {
      const ref = claimDisclosureReference(w.db, Number(input.received.slice(0, 4)) || now().getUTCFullYear());
      const sealed = input.identity ? sealIdentity(w, input.passphrase!, ref, input.identity) : null;
      insertDisclosure(
        w,
        ref,
        {
          received_on: input.received,
          channel: input.channel,
          summary: input.summary,
          agencies: [...new Set(agencies)],
          allegations: [...new Set(input.allegations)],
          tags: [...new Set(input.tags)],
          retaliation: input.retaliation,
          personnel_action: input.personnelAction,
          classified: input.classified,
          status: input.status,
          assignee: input.assignee,
          pseudonym: input.pseudonym ?? `Source ${ref}`,
        },
        sealed,
      );
      return ref;
    });
    return disclosureOut(store.db, requireDisclosure(store.db, reference));
  },

  'disclosures.list': ({ status }, { store }) => ({ disclosures: listDisclosures(store.db, status).map((d) => disclosureOut(store.db, d)) }),

  'disclosures.get': ({ reference }, { store }) => disclosureOut(store.db, requireDisclosure(store.db, reference)),

  'disclosures.reveal': ({ reference, passphrase, purpose }, { store, actor }) => {
    const d = requireDisclosure(store.db, reference);
    const sealed = sealedIdentity(store.db, d.id);
    if (!sealed) throw new AppError('NOT_FOUND', `reference: no source identity is on file for ${d.reference}.`);
    // Every attempt is on the record — who, when, for what — and never what was shown.
    const record = (outcome: string) =>
      store.write(actor, (w) => w.audit({ action: 'disclosures.reveal', entity: 'disclosure', entityId: d.reference, after: { outcome, purpose } }));
    const key = unlock(store.db, passphrase);
    if (!key) {
      record('refused: wrong passphrase');
      throw new AppError('UNAUTHORIZED', 'passphrase: that is not the passphrase; nothing was shown. The attempt is in the history.');
    }
    const identity = openIdentity(key, sealed, d.reference);
    if (!identity) {
      record('refused: the sealed identity was changed');
      throw new AppError('INTEGRITY', `The sealed identity of ${d.reference} was changed or damaged and cannot be opened; restore it from a backup.`);
    }
    record('shown');
    return identity;
  },
});
