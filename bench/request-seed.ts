/**
 * Requests for the benches: many at once in one audited write, spread over agencies, kinds,
 * assignees and subject words so the list's filters and sorts have something to choose from.
 * Through the core's own createRequest, so each has its tracking number, clocks and audit row.
 */
import type { WorkspaceStore } from '../db/store.ts';
import { requestCreateInput } from '../core/api.ts';
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
      // Through the call's own input schema, so every field left out gets the default a caller gets.
      const input = requestCreateInput.parse({
        kind: i % 10 === 0 ? 'oversight-letter' : 'foia',
        agency: AGENCIES[i % AGENCIES.length]!,
        subject: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} request ${i}`,
        trackingNumbers: [{ kind: 'agency', number: `T-${i}` }],
        assignee: ['Ada', 'Grace', 'Frances', ''][i % 4]!,
        dueAt: i % 10 === 0 ? formatDay(parseDay(received) + 30) : null,
        notes: i % 50 === 0 ? 'MS-13 sponsor flagged' : '',
        ...(i % 10 === 0 ? { sent: received } : { received }),
      });
      await createRequest(w, input, calendar, now);
    }
  });
}
