import { describe, expect, it } from 'vitest';
import { exemptionList } from '../../cli/options.ts';

describe('--exemption lists', () => {
  it('take commas, spaces and repeated flags, in any case, each code once in its canonical spelling', () => {
    expect(exemptionList('b6,b7e')).toEqual(['b6', 'b7E']);
    expect(exemptionList('B5  b7E, (b)(7)(c)', ['b6'])).toEqual(['b6', 'b5', 'b7E', 'b7C']);
    expect(exemptionList('b7E', ['b7E'])).toEqual(['b7E']);
  });

  it('read "none" as no exemptions', () => {
    expect(exemptionList('none')).toEqual([]);
    expect(exemptionList('NONE,b3')).toEqual(['b3']);
  });

  it('refuse an unknown code, naming it and the valid ones', () => {
    expect(() => exemptionList('b6,b7g')).toThrow(/"b7g" is not a FOIA exemption; give one or more of b1, b2, b3, b4, b5, b6, b7A, b7B, b7C, b7D, b7E, b7F, b8, b9/);
    expect(() => exemptionList('6')).toThrow(/"6" is not a FOIA exemption/);
  });
});
