/**
 * Vitest global setup: one throw-away PostgreSQL for the whole run (each test file makes its own
 * database in it). Where the binaries are missing the PostgreSQL tests skip and say why; in CI
 * (process.env.CI) they must be there, so the run fails instead.
 */
import type { TestProject } from 'vitest/node';
import { pgUnavailableReason, startPgCluster, type PgServer } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: PgServer | { unavailable: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const reason = pgUnavailableReason();
  if (reason) {
    if (process.env.CI) throw new Error(`CI needs PostgreSQL for its tests: ${reason}`);
    project.provide('pg', { unavailable: reason });
    return () => {};
  }
  let cluster;
  try {
    cluster = await startPgCluster();
  } catch (e) {
    if (process.env.CI) throw e;
    project.provide('pg', { unavailable: (e as Error).message.split('\n')[0]! });
    return () => {};
  }
  // Stopped on a normal end, and also when the run is cut short.
  process.once('exit', cluster.stop);
  const { stop, pause: _pause, resume: _resume, ...server } = cluster;
  project.provide('pg', server);
  return () => {
    process.off('exit', cluster.stop);
    stop();
  };
}
