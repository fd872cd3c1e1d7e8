// `npm test`: everything, in order — type check, lint (ESLint + Electron security
// lint), unit tests (Vitest) and end-to-end tests (Playwright), each on SQLite and again with
// every test's workspace on PostgreSQL — then one summary line.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Not test-results/: Playwright empties that folder when it starts.
const results = path.join(root, 'test-reports');
fs.mkdirSync(results, { recursive: true });
const unitJson = path.join(results, 'unit.json');
const unitPgJson = path.join(results, 'unit-postgres.json');
const e2eJson = path.join(results, 'e2e.json');
const e2ePgJson = path.join(results, 'e2e-postgres.json');
for (const f of [unitJson, unitPgJson, e2eJson, e2ePgJson]) fs.rmSync(f, { force: true });

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  // npm is a .cmd on Windows, which Node spawns only through a shell.
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  return r.status === 0;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// The PostgreSQL passes need the server's binaries (tests/unit/pg-cluster.ts says which and why);
// where they are missing those passes are skipped, saying so — in CI they must be there.
const pgMissing = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./tests/unit/pg-cluster.ts').then((m) => process.stdout.write(m.pgUnavailableReason() ?? ''))"], { cwd: root, encoding: 'utf8' }).stdout.trim();
function pgStep(title, cmd, args, env) {
  if (pgMissing && !process.env.CI) {
    console.log(`\n=== ${title} ===\n[skipped] ${pgMissing}`);
    return true;
  }
  return step(title, cmd, args, { ...env, SUNSHINE_TEST_ENGINE: 'postgres' });
}
const ok =
  step('type check', npm, ['run', '--silent', 'typecheck']) &&
  step('lint', npm, ['run', '--silent', 'lint']) &&
  step('unit tests', npm, ['run', '--silent', 'test:unit', '--', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`]) &&
  pgStep('unit tests on PostgreSQL', npm, ['run', '--silent', 'test:unit', '--', '--reporter=default', '--reporter=json', `--outputFile.json=${unitPgJson}`], {}) &&
  step('end-to-end tests', npm, ['run', '--silent', 'test:e2e'], { SUNSHINE_E2E_JSON: e2eJson }) &&
  pgStep('end-to-end tests on PostgreSQL', npm, ['run', '--silent', 'test:e2e'], { SUNSHINE_E2E_JSON: e2ePgJson });

const counts = { passed: 0, failed: 0, skipped: 0 };
for (const file of [unitJson, unitPgJson]) {
  if (!fs.existsSync(file)) continue;
  const u = JSON.parse(fs.readFileSync(file, 'utf8'));
  counts.passed += u.numPassedTests;
  counts.failed += u.numFailedTests;
  counts.skipped += u.numPendingTests + u.numTodoTests;
}
for (const file of [e2eJson, e2ePgJson]) {
  if (!fs.existsSync(file)) continue;
  const e = JSON.parse(fs.readFileSync(file, 'utf8')).stats;
  counts.passed += e.expected + e.flaky;
  counts.failed += e.unexpected;
  counts.skipped += e.skipped;
}
if (!ok && counts.failed === 0) counts.failed = 1; // a check before the tests failed
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(ok ? 0 : 1);
