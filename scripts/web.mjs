// `npm run web`: build the UI if needed, then serve it with the core on 127.0.0.1.
// Arguments are passed on: npm run web -- --port 8080 --data ./my-data
import { buildRendererIfNeeded } from './renderer-build.mjs';

buildRendererIfNeeded();
const { main } = await import('./run-cli.mjs');
process.exitCode = await main(['web', ...process.argv.slice(2)]);
