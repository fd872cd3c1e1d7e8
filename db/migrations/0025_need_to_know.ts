import type { Migration } from './types.ts';

/** need-to-know disclosures: placeholder, filled by the step that builds it. */
export const m0025: Migration = {
  version: 25,
  name: 'need-to-know disclosures',
  up() {},
  pg: async () => {},
};
