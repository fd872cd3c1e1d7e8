import { randomBytes } from 'node:crypto';
import { RANDOM_ID } from './shared/ids.ts';

/** A new id of the RANDOM_ID form: unguessable, so that holding it is what lets a caller use it. */
export const newRandomId = (): string => randomBytes(16).toString('hex');

export const isRandomId = (id: string): boolean => RANDOM_ID.test(id);
