/**
 * Requests for the benches: many at once in one audited write, spread over agencies, kinds,
 * assignees and subject words so the list's filters and sorts have something to choose from.
 * Through the core's own createRequest, so each has its tracking number, clocks and audit row.
 */
import type { WorkspaceStore } from '../db/store.ts';
import { formatDay, parseDay } from '../core/deadlines/dates.ts';
import { createRequest } from '../core/handlers/requests.ts';
import { calendarFor } from '../core/requests/service.ts';

const AGENCIES = ['ICE', 'CBP', 'USCIS', 'HHS', 'ACF', 'ORR', 'FBI', 'DOJ', 'DOS', 'DOD', 'EPA', 'VA'];
const WORDS = ['children', 'sponsor', 'detention', 'contract', 'emails', 'audit', 'placement', 'records', 'budget', 'transport', 'medical', 'complaints'];

export async function seedRequests(store: WorkspaceStore, n: number, now: Date): Promise<void> {
  const calendar = await calendarFor(store.engine);
  await store.write('bench', async (w) => {
    for (let i = 0; i < n; i++) {
      const received = formatDay(parseDay('2024-01-02') + (i % 1000));
      const input = {
        kind: i % 10 === 0 ? 'oversight-letter' : 'foia',
        agency: AGENCIES[i % AGENCIES.length]!,
        subject: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} request ${i}`,
        recordsSought: '',
        recordsFrom: null,
        recordsTo: null,
        trackingNumbers: [{ kind: 'agency', number: `T-${i}` }],
        requester: '',
        assignee: ['Ada', 'Grace', 'Frances', ''][i % 4]!,
        priority: 'normal',
        expeditedRequested: false,
        expeditedGranted: null,
        feeWaiverRequested: false,
        feeWaiverGranted: null,
        feeCategory: null,
        feeEstimate: null,
        feePaid: null,
        dueAt: i % 10 === 0 ? formatDay(parseDay(received) + 30) : null,
        dueTz: null,
        dueAsap: false,
        notes: i % 50 === 0 ? 'MS-13 sponsor flagged' : '',
        ...(i % 10 === 0 ? { sent: received } : { received }),
      } as Parameters<typeof createRequest>[1];
      await createRequest(w, input, calendar, now);
    }
  });
}
