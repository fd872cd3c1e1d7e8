/** Bates numbers as people write them: split into prefix and number, and told apart from search words. */
import { describe, expect, it } from 'vitest';
import { batesQuery, splitBates } from '../../core/shared/bates-number.ts';

describe('splitBates', () => {
  it.each([
    ['ICE-0004211', { prefix: 'ICE-', number: 4211, width: 7 }],
    ['DHS-OIG-000123', { prefix: 'DHS-OIG-', number: 123, width: 6 }],
    ['ABC0000001', { prefix: 'ABC', number: 1, width: 7 }],
    ['EPA 0001', { prefix: 'EPA ', number: 1, width: 4 }],
    ['0004211', { prefix: '', number: 4211, width: 7 }],
  ])('%s', (text, parts) => expect(splitBates(text)).toEqual(parts));

  it('gives null without a final run of digits, or with more digits than a number holds', () => {
    expect(splitBates('ICE-')).toBeNull();
    expect(splitBates('ICE-0004211A')).toBeNull();
    expect(splitBates(`ICE-${'9'.repeat(16)}`)).toBeNull();
  });
});

describe('batesQuery', () => {
  it('takes letters then at least 4 digits for a Bates number, and leaves search words alone', () => {
    expect(batesQuery('ICE-0004211')).toEqual({ kind: 'exact', bates: 'ICE-0004211' });
    expect(batesQuery(' DHS-OIG-000123 ')).toEqual({ kind: 'exact', bates: 'DHS-OIG-000123' });
    expect(batesQuery('ABC0000001')).toEqual({ kind: 'exact', bates: 'ABC0000001' });
    expect(batesQuery('EPA 000123')).toEqual({ kind: 'exact', bates: 'EPA 000123' });
    for (const word of ['2024', 'b6', 'covid19', 'sponsor', 'ICE-12', 'form 1040', 'I-9', 'sponsor address 0001', 'Form 1040', '"ICE-0004211"']) expect(batesQuery(word), word).toBeNull();
  });

  it('reads a range written with -, –, — or "to", the same prefix at both ends and the lower number first', () => {
    for (const text of ['ICE-0004211–ICE-0004260', 'ICE-0004211 — ICE-0004260', 'ICE-0004211 - ICE-0004260', 'ICE-0004211-ICE-0004260', 'ICE-0004211 to ICE-0004260']) {
      expect(batesQuery(text), text).toEqual({ kind: 'range', from: 'ICE-0004211', to: 'ICE-0004260' });
    }
    expect(batesQuery('ICE-0004260–ICE-0004211')).toBeNull();
    expect(batesQuery('ICE-0004211–EPA-0004260')).toBeNull();
  });

  it('under a prefix the workspace knows: a short number, the start of one, and the prefix alone', () => {
    const known = [{ prefix: 'ICE-', width: 7 }, { prefix: 'EPA', width: 6 }];
    expect(batesQuery('ICE-00042', known)).toEqual({ kind: 'prefix', prefix: 'ICE-00042' });
    expect(batesQuery('ice-', known)).toEqual({ kind: 'prefix', prefix: 'ice-' });
    expect(batesQuery('EPA12', known)).toEqual({ kind: 'prefix', prefix: 'EPA12' });
    expect(batesQuery('ICE-0004211', known)).toEqual({ kind: 'exact', bates: 'ICE-0004211' });
    expect(batesQuery('FBI-00042', known)).toEqual({ kind: 'exact', bates: 'FBI-00042' });
  });
});
