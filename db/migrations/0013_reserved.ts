import type { Migration } from './types.ts';

/**
 * Version 13 is taken by a change being made alongside this one; this empty
 * step only holds its place so that 14 can follow. When both are merged the
 * real 0013 replaces this file.
 */
export const m0013: Migration = {
  version: 13,
  name: 'reserved',
  up() {},
};
