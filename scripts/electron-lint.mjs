// Electron security lint (@doyensec/electronegativity) over electron/.
// Fails on any finding that is not justified in electronegativity.json.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version: electronVersion } = require('electron/package.json');
const config = JSON.parse(fs.readFileSync(path.join(root, 'electronegativity.json'), 'utf8'));
const run = require('@doyensec/electronegativity/dist/runner.js');

// The tool prints a progress bar and tables of its own through console.log; keep ours readable.
const quiet = console.log;
console.log = () => {};
let result;
try {
  result = await run({
    input: path.join(root, 'electron'),
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: [],
    parserPlugins: [],
  });
} finally {
  console.log = quiet;
}

const justified = new Map(Object.entries(config.justified ?? {}));
const findings = result.issues ?? [];
const unjustified = findings.filter((i) => !justified.has(i.id));
for (const e of result.errors ?? []) if (!e.tolerable) console.error(`electronegativity could not parse ${e.file}: ${e.message}`);
for (const i of findings.filter((f) => justified.has(f.id))) {
  console.log(`justified ${i.id} at ${i.file}:${i.location.line}: ${justified.get(i.id)}`);
}
for (const i of unjustified) {
  console.error(`${i.id} (${i.severity.name}, ${i.confidence.name}) at ${i.file}:${i.location.line}:${i.location.column}: ${i.description}`);
}
const parseFailures = (result.errors ?? []).filter((e) => !e.tolerable).length;
console.log('');
console.log(`electronegativity: ${findings.length} finding(s), ${unjustified.length} unjustified, ${parseFailures} file(s) not parsed`);
process.exitCode = unjustified.length > 0 || parseFailures > 0 ? 1 : 0;
