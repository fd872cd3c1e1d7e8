/** E-mail addresses (local part up to 64 characters, a domain with a top-level name of letters). */
import { matchesOf, type Detector } from './detector.ts';

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}\b/g;

export const email: Detector = { kind: 'email', find: (text) => matchesOf(text, EMAIL) };
