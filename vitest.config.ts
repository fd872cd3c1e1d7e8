import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    // "Today" for deadlines is the local calendar day: pin the zone so results do not depend on the machine.
    env: { TZ: 'UTC' },
  },
});
