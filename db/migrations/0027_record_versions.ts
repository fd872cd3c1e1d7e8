import type { Migration } from './types.ts';

/** record versions: placeholder, filled by the step that builds it. */
export const m0027: Migration = {
  version: 27,
  name: 'record versions',
  up() {},
  pg: async () => {},
};
