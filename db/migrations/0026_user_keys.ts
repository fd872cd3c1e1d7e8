import type { Migration } from './types.ts';

/** per-user keys: placeholder, filled by the step that builds it. */
export const m0026: Migration = {
  version: 26,
  name: 'per-user keys',
  up() {},
  pg: async () => {},
};
