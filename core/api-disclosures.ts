/** The disclosures part of the contract. Spread into the table in api.ts. */
import { z } from 'zod';
import { call } from './contract.ts';
import { isoDate } from './api-schemas.ts';
import { ALLEGATIONS, CONSENT_LEVELS, DISCLOSURE_CHANNELS, DISCLOSURE_STATUSES, SOURCE_RELATIONS } from './shared/vocabulary.ts';

export interface DisclosureOut {
  reference: string;
  receivedOn: string;
  channel: (typeof DISCLOSURE_CHANNELS)[number];
  summary: string;
  agencies: { id: number; abbreviation: string; name: string }[];
  allegations: (typeof ALLEGATIONS)[number][];
  tags: string[];
  retaliation: boolean;
  personnelAction: string;
  classified: boolean;
  status: (typeof DISCLOSURE_STATUSES)[number];
  assignee: string;
  /** How the source is shown everywhere; the identity itself is sealed. */
  pseudonym: string;
  sourceOnFile: boolean;
  documents: { id: number; name: string; type: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface IdentityOut {
  name: string;
  contact: string;
  relation: (typeof SOURCE_RELATIONS)[number];
  consent: (typeof CONSENT_LEVELS)[number];
  /** What the source agreed may be shared, in their words. */
  mayShare: string;
}

/** A passphrase: long enough that guessing it against the scrypt cost is hopeless. Never echoed in errors. */
const passphrase = z.string().min(12, 'the passphrase must be at least 12 characters').max(1000);

const identity = z
  .object({
    name: z.string().trim().min(1, "give the source's name (or leave the identity out)").max(500),
    contact: z.string().trim().max(2000).default(''),
    relation: z.enum(SOURCE_RELATIONS).default('employee'),
    consent: z.enum(CONSENT_LEVELS).default('confidential'),
    mayShare: z.string().trim().max(2000).default(''),
  })
  .strict();

export const disclosureCalls = {
  'disclosures.create': call<DisclosureOut>()(
    z
      .object({
        received: isoDate,
        channel: z.enum(DISCLOSURE_CHANNELS),
        summary: z.string().trim().min(1, 'say what the disclosure is about').max(20_000),
        agencies: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
        allegations: z.array(z.enum(ALLEGATIONS)).max(ALLEGATIONS.length).default([]),
        tags: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
        retaliation: z.boolean().default(false),
        personnelAction: z.string().trim().max(2000).default(''),
        classified: z.boolean().default(false),
        status: z.enum(DISCLOSURE_STATUSES).default('intake'),
        assignee: z.string().trim().max(200).default(''),
        pseudonym: z.string().trim().min(1).max(100).optional(),
        /** The source, sealed at once with the passphrase; never stored or logged in the clear. */
        identity: identity.optional(),
        passphrase: passphrase.optional(),
      })
      .strict()
      .refine((v) => v.identity === undefined || v.passphrase !== undefined, { message: "the source's identity is sealed with the passphrase: give it", path: ['passphrase'] }),
    { summary: "Take in a disclosure; the source's identity is sealed (AES-256-GCM, scrypt) and shown by pseudonym.", mutates: true },
  ),
  'disclosures.list': call<{ disclosures: DisclosureOut[] }>()(z.object({ status: z.enum(DISCLOSURE_STATUSES).optional() }).strict(), {
    summary: 'Disclosures, newest first (sources by pseudonym).',
  }),
  'disclosures.get': call<DisclosureOut>()(z.object({ reference: z.string().trim().min(1).max(40) }).strict(), { summary: 'One disclosure (its source by pseudonym).' }),
  'disclosures.reveal': call<IdentityOut>()(
    z.object({ reference: z.string().trim().min(1).max(40), passphrase: z.string().max(1000), purpose: z.string().trim().max(500).default('') }).strict(),
    { summary: "Open a source's sealed identity: asks for the passphrase and is written to the history, refused or not.", mutates: true },
  ),
};
