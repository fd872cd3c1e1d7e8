// Runs a TypeScript worker module through tsx (development, tests, CLI). The
// desktop build bundles the same module as plain JavaScript instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
