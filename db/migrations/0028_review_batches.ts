import type { Migration } from './types.ts';

/** review batches and leases: placeholder, filled by the step that builds it. */
export const m0028: Migration = {
  version: 28,
  name: 'review batches and leases',
  up() {},
  pg: async () => {},
};
