// Running from the TypeScript sources (browser mode, tests, benches): the core's
// worker thread loads its sources through tsx, as the sunshine command does.
import { register } from 'tsx/esm/api';

register();
await import('./core-worker.ts');
