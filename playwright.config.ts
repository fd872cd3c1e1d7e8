import { defineConfig } from '@playwright/test';
import { chromiumPath, CHROMIUM_FLAGS } from './tests/e2e/chromium.ts';

export default defineConfig({
  testDir: 'tests',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  // The team-workspace pass (SUNSHINE_TEST_ENGINE=postgres) runs the screens on PostgreSQL; the start
  // screen's spec starts a server of its own whatever the pass, and the desktop app opens a data folder.
  testIgnore: process.env.SUNSHINE_TEST_ENGINE === 'postgres' ? ['e2e/start-screen.spec.ts', 'electron/**'] : [],
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // A busy 2-core machine runs two browsers, two servers and their readers at once: every wait is for
  // something on screen, and these limits only decide when a wait is given up as a failure.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ...(process.env.SUNSHINE_E2E_JSON ? [['json', { outputFile: process.env.SUNSHINE_E2E_JSON }] as const] : [])],
  outputDir: 'test-results',
  globalSetup: './tests/electron/global-setup.ts',
  use: {
    browserName: 'chromium',
    launchOptions: { ...(chromiumPath() ? { executablePath: chromiumPath() } : {}), args: CHROMIUM_FLAGS },
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
