import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // One throw-away PostgreSQL for the run (tests/unit/pg-cluster.ts); each test file makes its own database in it.
    globalSetup: ['tests/unit/pg-global-setup.ts'],
    // Limits for giving up, never for synchronising: a busy 2-core machine runs some CLI tests several times slower.
    testTimeout: 90_000,
    // "Today" for deadlines is the local calendar day: pin the zone so results do not depend on the machine.
    env: { TZ: 'UTC' },
  },
});
