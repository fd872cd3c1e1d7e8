/** The per-user keys part of the contract (team workspaces): one's own key pair, and sharing keys with colleagues. */
import { z } from 'zod';
import { call } from './contract.ts';
import { passphrase } from './api-disclosures.ts';

export interface MyKeyOut {
  /** A team workspace, where each person has a key of their own (a data folder has the office passphrase). */
  team: boolean;
  /** The user has a key pair. */
  hasKey: boolean;
  /** How to recognise the public key (16 bytes of its SHA-256, hex in groups of four). */
  fingerprint: string | null;
  createdAt: string | null;
  /** Colleagues waiting for a key this user holds (shared at their next unlock or keys.share). */
  waiting: number;
}

export interface ShareOut extends MyKeyOut {
  /** Keys wrapped for colleagues who were waiting. */
  shared: number;
  /** Disclosure keys replaced because someone who held them was revoked. */
  rotated: number;
}

const current = z.string().max(1000);

export const keyCalls = {
  'keys.mine': call<MyKeyOut>()(z.object({}).strict(), { summary: 'Whether you have a key pair for protected sources (team workspace), its fingerprint, and how many colleagues wait for a key you hold.' }),
  'keys.create': call<MyKeyOut>()(z.object({ passphrase }).strict(), {
    summary: 'Make your key pair for protected sources; its private half is sealed by your own passphrase (team workspace).',
    mutates: true,
    role: 'viewer',
  }),
  'keys.changePassphrase': call<MyKeyOut>()(z.object({ passphrase: current, newPassphrase: passphrase }).strict(), {
    summary: "Change your own key's passphrase: only your private key is re-sealed.",
    mutates: true,
    role: 'viewer',
  }),
  'keys.share': call<ShareOut>()(z.object({ passphrase: current }).strict(), {
    summary: 'Share every key you hold with colleagues granted it and waiting; rotate keys a revoked colleague held.',
    mutates: true,
    role: 'viewer',
  }),
};
