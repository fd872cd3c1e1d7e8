import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { FIELD_LIMITS } from '../../core/shared/field-limits.ts';
import { eachLimitHint, limitHint } from '../../renderer/src/components/field-limit.ts';
import { fails, ok, testCore } from './helpers.ts';


describe('field limits: the forms show the numbers the API refuses by', () => {
  it.each([
    ['requests.create', 'subject', FIELD_LIMITS.request.subject, (v: string) => ({ kind: 'foia', agency: 'ICE', subject: v })],
    ['requests.create', 'requester', FIELD_LIMITS.request.requester, (v: string) => ({ kind: 'foia', agency: 'ICE', subject: 's', requester: v })],
    ['agencies.create', 'abbreviation', FIELD_LIMITS.agency.abbreviation, (v: string) => ({ name: 'Office of Limits', abbreviation: v })],
    ['closures.add', 'reason', FIELD_LIMITS.closure.reason, (v: string) => ({ date: '2026-03-02', reason: v })],
    ['disclosures.create', 'pseudonym', FIELD_LIMITS.disclosure.pseudonym, (v: string) => ({ received: '2026-11-02', channel: 'phone', summary: 's', pseudonym: v })],
    ['tags.create', 'name', FIELD_LIMITS.tag.name, (v: string) => ({ name: v })],
    ['disclosures.create', 'tags.0', FIELD_LIMITS.disclosure.tag, (v: string) => ({ received: '2026-11-02', channel: 'phone', summary: 's', tags: [v] })],
  ] as const)('%s refuses a %s one character over its shared limit, naming the limit', async (call, field, max, input) => {
    const core = await testCore({ now: () => new Date('2026-11-30T12:00:00') });
    const invoke = core.invoke as (name: string, input: unknown) => ReturnType<Core['invoke']>;
    const over = await fails(invoke(call, input('x'.repeat(max + 1))));
    expect(over.message).toBe(`${field}: is too long: at most ${max} characters`);
    await ok(invoke(call, input('y'.repeat(max))));
  });

  it('reads as a limit while empty, a count while typing, and says how many are too many', () => {
    expect(limitHint('', 500)).toBe('Up to 500 characters');
    expect(limitHint('x'.repeat(120), 500)).toBe('120 / 500 characters');
    expect(limitHint('x'.repeat(20_010), 20_000, 'In their words')).toBe('In their words · 20,010 / 20,000 characters — 10 too many');
    expect(eachLimitHint(100, 'One per line')).toBe('One per line · Each up to 100 characters');
  });
});
