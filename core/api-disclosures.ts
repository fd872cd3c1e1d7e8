/** The disclosures part of the contract. Spread into the table in api.ts. */
import { z } from 'zod';
import { FIELD_LIMITS as L } from './shared/field-limits.ts';
import { call } from './contract.ts';
import { isoDate, loadedVersion } from './api-schemas.ts';
import { loginName } from './api-team.ts';
import {
  ALLEGATIONS,
  CONSENT_LEVELS,
  CONTACT_DIRECTIONS,
  CONTACT_KINDS,
  DISCLOSURE_CHANNELS,
  DISCLOSURE_STATUSES,
  REFERRAL_RECIPIENTS,
  SOURCE_RELATIONS,
} from './shared/vocabulary.ts';

export interface DisclosureOut {
  reference: string;
  /** Raised by one with each edit: send it back with a save (core/versions.ts). */
  version: number;
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
  requests: { reference: string; subject: string; status: string; agency: string }[];
  /** Contacts with the source, oldest first. */
  contacts: ContactOut[];
  referrals: ReferralOut[];
  /** Who is granted it (need-to-know, team workspaces); always empty in a data folder, where one person sees everything. */
  access: AccessOut[];
  createdAt: string;
  updatedAt: string;
}

/** A login granted a disclosure: on PostgreSQL only they (and admins) see it, its documents and its history. */
export interface AccessOut {
  login: string;
  /** The member's display name ('' when the login is no longer a member). */
  displayName: string;
  grantedBy: string;
  grantedAt: string;
}

export interface ContactOut {
  id: number;
  on: string;
  kind: (typeof CONTACT_KINDS)[number];
  direction: (typeof CONTACT_DIRECTIONS)[number];
  summary: string;
  by: string;
  recordedAt: string;
}

export interface ReferralOut {
  id: number;
  on: string;
  recipientKind: (typeof REFERRAL_RECIPIENTS)[number];
  recipient: string;
  caseNumber: string;
  sharesIdentity: boolean;
  consentOnFile: boolean;
  /** The consent warnings the referrer was shown and went ahead past. */
  warnings: string[];
  note: string;
  by: string;
  recordedAt: string;
}

/** A referral is saved only when it raises no consent warning, or the referrer goes ahead past them. */
export interface ReferResult {
  referred: boolean;
  warnings: string[];
  disclosure: DisclosureOut;
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
export const passphrase = z.string().min(12, 'the passphrase must be at least 12 characters').max(1000);

/** A source's identity as given at intake or corrected; the CLI checks --source-from files with it too. */
export const identityInput = z
  .object({
    name: z.string().trim().min(1, "give the source's name (or leave the identity out)").max(L.source.name),
    contact: z.string().trim().max(L.source.contact).default(''),
    relation: z.enum(SOURCE_RELATIONS).default('employee'),
    consent: z.enum(CONSENT_LEVELS).default('confidential'),
    mayShare: z.string().trim().max(L.source.mayShare).default(''),
  })
  .strict();

const reference = z.string().trim().min(1, 'give the disclosure reference (DIS-YYYY-NNNN)').max(40);

const disclosureFields = {
  received: isoDate,
  channel: z.enum(DISCLOSURE_CHANNELS),
  summary: z.string().trim().min(1, 'say what the disclosure is about').max(L.disclosure.summary),
  agencies: z.array(z.string().trim().min(1).max(L.disclosure.agency)).max(50),
  allegations: z.array(z.enum(ALLEGATIONS)).max(ALLEGATIONS.length),
  tags: z.array(z.string().trim().min(1).max(L.disclosure.tag)).max(50),
  retaliation: z.boolean(),
  personnelAction: z.string().trim().max(L.disclosure.personnelAction),
  classified: z.boolean(),
  status: z.enum(DISCLOSURE_STATUSES),
  assignee: z.string().trim().max(L.disclosure.assignee),
  pseudonym: z.string().trim().min(1, 'the pseudonym may not be empty: it is how the source is shown').max(L.disclosure.pseudonym),
};

/** How a sealed identity is opened: the passphrase typed, or the one this computer's keychain remembers. */
const unlockWith = {
  passphrase: z.string().max(1000).optional(),
  useKeychain: z.boolean().optional(),
};

export interface KeychainOut {
  /** This computer has a keychain Sunshine can use (the desktop app on a system with one). */
  available: boolean;
  /** The passphrase is remembered here. */
  remembered: boolean;
  /** There is a passphrase to remember: one's own key's where sources are sealed with keys of one's own (`ownKeys`), else the office passphrase. */
  passphraseSet: boolean;
  /** Sources are sealed with keys of one's own (a team workspace in which someone has made a key). */
  ownKeys: boolean;
  /** The workspace has an office passphrase (set by the first source sealed without keys of one's own): what was sealed with it opens with it. */
  officePassphraseSet: boolean;
}

export const disclosureCalls = {
  'disclosures.create': call<DisclosureOut>()(
    z
      .object({
        ...disclosureFields,
        agencies: disclosureFields.agencies.default([]),
        allegations: disclosureFields.allegations.default([]),
        tags: disclosureFields.tags.default([]),
        retaliation: disclosureFields.retaliation.default(false),
        personnelAction: disclosureFields.personnelAction.default(''),
        classified: disclosureFields.classified.default(false),
        status: disclosureFields.status.default('intake'),
        assignee: disclosureFields.assignee.default(''),
        pseudonym: disclosureFields.pseudonym.optional(),
        /** The source, sealed at once with the passphrase; never stored or logged in the clear. */
        identity: identityInput.optional(),
        passphrase: passphrase.optional(),
      })
      .strict()
      .refine((v) => v.identity === undefined || v.passphrase !== undefined, { message: "the source's identity is sealed with the passphrase: give it", path: ['passphrase'] }),
    { summary: "Take in a disclosure; the source's identity is sealed (AES-256-GCM, scrypt) and shown by pseudonym.", mutates: true },
  ),
  'disclosures.list': call<{ disclosures: DisclosureOut[] }>()(
    z
      .object({
        status: z.enum(DISCLOSURE_STATUSES).optional(),
        /** Part of a reference (DIS-2026-0001) or a pseudonym, any case; never the sealed identity. */
        text: z.string().trim().max(100).optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
      })
      .strict(),
    { summary: 'Disclosures, newest first (sources by pseudonym); text finds them by reference or pseudonym.' },
  ),
  'disclosures.get': call<DisclosureOut>()(z.object({ reference }).strict(), { summary: 'One disclosure (its source by pseudonym).' }),
  'disclosures.grant': call<{ access: AccessOut[] }>()(z.object({ reference, login: loginName }).strict(), {
    summary: 'Let a member see a disclosure, its documents and its history (team workspaces; an admin or the assignee).',
    mutates: true,
    // Any member's: the rule (an admin, or the disclosure's assignee) is the handler's, and one who cannot see it is told it is not there.
    role: 'viewer',
  }),
  'disclosures.revokeGrant': call<{ access: AccessOut[] }>()(z.object({ reference, login: loginName }).strict(), {
    summary: "Take a member's access to a disclosure away (team workspaces; an admin or the assignee).",
    mutates: true,
    // Any member's: the rule (an admin, or the disclosure's assignee) is the handler's, and one who cannot see it is told it is not there.
    role: 'viewer',
  }),
  'disclosures.reveal': call<IdentityOut>()(
    z
      // Every opening says why: the history is only worth reading if it does.
      .object({ reference, ...unlockWith, purpose: z.string({ error: 'say why the source is being opened (for example: referral to OSC with consent)' }).trim().min(1, 'say why the source is being opened (for example: referral to OSC with consent)').max(L.reveal.purpose) })
      .strict()
      .refine((v) => (v.passphrase === undefined) !== (v.useKeychain !== true), { message: "give the passphrase, or useKeychain to use the one remembered on this computer", path: ['passphrase'] }),
    { summary: "Open a source's sealed identity: asks for the passphrase and is written to the history, refused or not.", mutates: true },
  ),
  'disclosures.update': call<DisclosureOut>()(
    z
      .object({
        reference,
        patch: z
          .object(Object.fromEntries(Object.entries(disclosureFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof disclosureFields]: z.ZodOptional<(typeof disclosureFields)[K]> })
          .strict(),
        version: loadedVersion,
      })
      .strict(),
    { summary: "Change a disclosure's fields or status (the source's identity is changed with disclosures.setIdentity).", mutates: true },
  ),
  'disclosures.setIdentity': call<DisclosureOut>()(
    z.object({ reference, identity: identityInput, passphrase }).strict(),
    { summary: "Put the source's identity on file or correct it: sealed with the workspace's passphrase.", mutates: true },
  ),
  'disclosures.addContact': call<DisclosureOut>()(
    z
      .object({
        reference,
        on: isoDate,
        kind: z.enum(CONTACT_KINDS),
        direction: z.enum(CONTACT_DIRECTIONS).default('from-source'),
        summary: z.string().trim().min(1, 'say what was said or done').max(L.contact.summary),
      })
      .strict(),
    { summary: "Add a contact with the source to the disclosure's timeline.", mutates: true },
  ),
  'disclosures.refer': call<ReferResult>()(
    z
      .object({
        reference,
        on: isoDate,
        recipientKind: z.enum(REFERRAL_RECIPIENTS),
        recipient: z.string({ error: 'a referral needs a recipient: name the office it goes to' }).trim().min(1, 'a referral needs a recipient: name the office it goes to').max(L.referral.recipient),
        caseNumber: z.string().trim().max(L.referral.caseNumber).default(''),
        /** Whether the source's identity goes with the referral. */
        sharesIdentity: z.boolean().default(false),
        consentOnFile: z.boolean().default(false),
        note: z.string().trim().max(L.referral.note).default(''),
        /** Needed when the identity is shared (the source's consent is sealed with it): typed, or from the keychain. */
        ...unlockWith,
        /** Save it even though it raises consent warnings (they are kept with it). */
        despiteWarnings: z.boolean().default(false),
      })
      .strict(),
    { summary: 'Refer a disclosure onward (IG, OSC, GAO, a committee); warns when the source\'s consent does not cover sharing.', mutates: true },
  ),
  'disclosures.setReferralCase': call<DisclosureOut>()(
    z.object({ reference, referral: z.number().int().positive(), caseNumber: z.string().trim().max(L.referral.caseNumber) }).strict(),
    { summary: "Record the recipient's case number for a referral.", mutates: true },
  ),
  'disclosures.linkRequest': call<DisclosureOut>()(z.object({ reference, request: z.string().trim().min(1).max(40) }).strict(), {
    summary: 'Link a disclosure to a request it led to.',
    mutates: true,
  }),
  'disclosures.unlinkRequest': call<DisclosureOut>()(z.object({ reference, request: z.string().trim().min(1).max(40) }).strict(), {
    summary: 'Unlink a disclosure from a request.',
    mutates: true,
  }),
  'identity.keychain': call<KeychainOut>()(z.object({}).strict(), { summary: "Whether this computer's keychain can remember the passphrase for protected sources, and whether it does." }),
  'identity.remember': call<KeychainOut>()(z.object({ passphrase: z.string().max(1000) }).strict(), {
    summary: "Remember the passphrase in this computer's keychain (checked first; the desktop app only).",
    mutates: true,
  }),
  'identity.changePassphrase': call<KeychainOut & { resealed: number }>()(
    z.object({ passphrase: z.string().max(1000), newPassphrase: passphrase }).strict(),
    {
      summary: "Change the passphrase for protected sources: every sealed identity re-sealed in one transaction (none if the current passphrase fails on any), the history told, a remembered copy replaced.",
      mutates: true, role: 'admin',
    },
  ),
  'identity.forget': call<KeychainOut>()(z.object({}).strict(), { summary: "Forget the passphrase remembered in this computer's keychain.", mutates: true }),
};
