/**
 * One of bench/engines.ts's concurrent writers: a process of its own with its own core on the
 * shared workspace (a data folder, or a PostgreSQL database), creating requests and adding an
 * event to each until its time is up, then reporting what was acknowledged. Where to write (and a
 * team workspace's password) arrives as a message, never on the command line.
 */
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/index.ts';

export interface WriterJob {
  id: number;
  dataDir: string;
  database?: string;
  password?: string;
  seconds: number;
}

export interface WriterReport {
  id: number;
  requests: number;
  events: number;
  /** How long it wrote, from its first write (after its process started and opened the workspace). */
  seconds: number;
  refused: Record<string, number>;
}

/** What each writer's rows carry, so they can be counted against what it reported. */
export const writerSubjects = (id: number) => `Engines writer ${id} request`;
export const writerNote = (id: number) => `engines writer ${id}`;

async function run(job: WriterJob): Promise<WriterReport> {
  const core = openCore({ dataDir: job.dataDir, ...(job.database ? { database: job.database, password: job.password } : {}) });
  await core.ready;
  const report: WriterReport = { id: job.id, requests: 0, events: 0, seconds: 0, refused: {} };
  const refuse = (code: string) => (report.refused[code] = (report.refused[code] ?? 0) + 1);
  const started = performance.now();
  const until = Date.now() + job.seconds * 1000;
  try {
    for (let n = 0; Date.now() < until; n++) {
      const made = await core.invoke('requests.create', { kind: 'foia', agency: 'EPA', subject: `${writerSubjects(job.id)} ${n}`, received: '2026-11-02' });
      if (!made.ok) {
        refuse(made.error.code);
        continue;
      }
      report.requests++;
      const event = await core.invoke('requests.addEvent', { reference: made.value.reference, type: 'acknowledged', date: '2026-11-09', note: writerNote(job.id) });
      if (event.ok) report.events++;
      else refuse(event.error.code);
    }
    report.seconds = (performance.now() - started) / 1000;
  } finally {
    core.close();
  }
  return report;
}

process.once('message', (job: WriterJob) => {
  run(job).then(
    (report) => process.send!(report, () => process.exit(0)),
    (e: unknown) => {
      console.error(`writer ${job.id}: ${(e as Error).message}`);
      process.exit(1);
    },
  );
});
