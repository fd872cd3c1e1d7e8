import { describe, expect, it } from 'vitest';
import { fails, ok, testCore } from './helpers.ts';

const PASS = 'correct horse battery staple';

describe('finding disclosures by reference and pseudonym (quick search)', () => {
  async function twoDisclosures() {
    const core = testCore();
    const take = (pseudonym: string, name: string) =>
      ok(
        core.invoke('disclosures.create', {
          received: '2026-11-02',
          channel: 'secure-drop',
          summary: 'Sponsor addresses never checked',
          pseudonym,
          identity: { name },
          passphrase: PASS,
        }),
      );
    const a = await take('Heron 100%', 'Quillon Abernathy-Vask');
    const b = await take('Kestrel_7', 'Other Source');
    const found = async (text: string) => (await ok(core.invoke('disclosures.list', { text }))).disclosures.map((d) => d.pseudonym).sort();
    return { core, a, b, found };
  }

  it('finds by part of the pseudonym or the reference, in any case', async () => {
    const { a, found } = await twoDisclosures();
    expect(await found('heron')).toEqual(['Heron 100%']);
    expect(await found(a.reference.toLowerCase())).toEqual(['Heron 100%']);
    expect(await found('DIS-')).toEqual(['Heron 100%', 'Kestrel_7']);
  });

  it('takes % and _ as the characters typed, not as wildcards', async () => {
    const { found } = await twoDisclosures();
    expect(await found('100%')).toEqual(['Heron 100%']);
    expect(await found('l_7')).toEqual(['Kestrel_7']);
    expect(await found('n_1')).toEqual([]);
  });

  it('never finds a disclosure by its sealed identity', async () => {
    const { found } = await twoDisclosures();
    expect(await found('Quillon')).toEqual([]);
    expect(await found('Abernathy')).toEqual([]);
  });

  it('stops at the limit asked for, and refuses a search too long to be a reference or pseudonym', async () => {
    const { core } = await twoDisclosures();
    expect((await ok(core.invoke('disclosures.list', { text: 'DIS', limit: 1 }))).disclosures).toHaveLength(1);
    expect(await fails(core.invoke('disclosures.list', { text: 'x'.repeat(101) }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^text: /) });
  });
});
