import { defineConfig } from 'vitest/config';

/**
 * Files that already run their tests on both engines themselves (or test one engine's own parts):
 * the PostgreSQL pass of `npm test` (SUNSHINE_TEST_ENGINE=postgres) leaves them out rather than run them twice.
 */
const BOTH_ENGINES_ALREADY = [
  'backups-engines',
  'db-engines',
  'engine',
  'pg-connect',
  'pg-outage',
  'pg-core',
  'pg-schema',
  'pg-store',
  'portable-sql',
  'search-engines',
  'search-forms',
  'workspace-copy',
  'workspace-copy-rows',
].map((name) => `tests/unit/${name}.test.ts`);
/** Team workspaces (tests/unit/team-*.test.ts) are PostgreSQL's own: their tests make logins on the test server themselves. */
const TEAM_TESTS = 'tests/unit/team-*.test.ts';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    exclude: process.env.SUNSHINE_TEST_ENGINE === 'postgres' ? [...BOTH_ENGINES_ALREADY, TEAM_TESTS] : [],
    environment: 'node',
    pool: 'forks',
    // One throw-away PostgreSQL for the run (tests/unit/pg-cluster.ts); each test file makes its own database in it.
    globalSetup: ['tests/unit/pg-global-setup.ts'],
    // Limits for giving up, never for synchronising: a busy 2-core machine runs some CLI tests several times slower.
    testTimeout: 90_000,
    // A file's setup may start a PostgreSQL server of its own and apply every migration: seconds alone, a minute on a loaded machine.
    hookTimeout: 120_000,
    // "Today" for deadlines is the local calendar day: pin the zone so results do not depend on the machine.
    env: { TZ: 'UTC' },
  },
});
