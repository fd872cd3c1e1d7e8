#!/usr/bin/env node
// The `sunshine` command. Runs the TypeScript sources through tsx, so the CLI
// needs no build step after `npm install`.
const { main } = await import('../scripts/run-cli.mjs');
process.exitCode = await main(process.argv.slice(2));
