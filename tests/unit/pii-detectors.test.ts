import { describe, expect, it } from 'vitest';
import { findPii } from '../../core/pii/find.ts';
import { checkPattern, MAX_CUSTOM_HITS_PER_PAGE } from '../../core/pii/custom.ts';
import { abaChecksum, luhn } from '../../core/pii/financial.ts';
import { AppError } from '../../core/errors.ts';

/** What each hit covers, as "kind:text", so a test reads like the page. */
const found = (text: string, custom = [] as ReturnType<typeof checkPattern>[]) => findPii(text, custom).map((h) => `${h.kind}:${text.slice(h.start, h.end)}`);

describe('SSNs', () => {
  it('finds a dashed SSN anywhere, and spaced or bare ones only after their label', () => {
    expect(found('Employee 123-45-6789 was hired')).toEqual(['ssn:123-45-6789']);
    expect(found('SSN: 123 45 6789')).toEqual(['ssn:123 45 6789']);
    expect(found('Social Security No. 123456789.')).toEqual(['ssn:123456789']);
    expect(found('Order 123456789 shipped')).toEqual([]);
  });
  it('refuses numbers never issued: area 000, 666, 9xx; group 00; serial 0000', () => {
    for (const n of ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000']) expect(found(`SSN ${n}`)).toEqual([]);
  });
  it('does not take a ZIP+4 for one, with or without the dash', () => {
    expect(found('Washington, DC 20500-0003')).toEqual([]);
    expect(found('ZIP 205000003')).toEqual([]);
  });
});

describe('A-Numbers', () => {
  it('finds A with 8 or 9 digits, with or without dashes and spaces', () => {
    expect(found('Alien no. A123456789 detained')).toEqual(['a-number:A123456789']);
    expect(found('file A-123-456-789 and A 12345678')).toEqual(['a-number:A-123-456-789', 'a-number:A 12345678']);
  });
  it('leaves shorter, longer and embedded runs alone', () => {
    expect(found('A1234567 and A1234567890 and DATA12345678')).toEqual([]);
  });
});

describe('dates of birth', () => {
  it('finds a date in many forms after DOB, born or date of birth', () => {
    expect(found('DOB: 03/14/1962')).toEqual(['dob:03/14/1962']);
    expect(found('born on March 14, 1962 in Ohio')).toEqual(['dob:March 14, 1962']);
    expect(found('Date of birth 1962-03-14')).toEqual(['dob:1962-03-14']);
    expect(found('D.O.B. 14 Mar 1962')).toEqual(['dob:14 Mar 1962']);
  });
  it('leaves dates that are not births alone', () => {
    expect(found('Meeting held 03/14/2024; letter dated March 1, 2025.')).toEqual([]);
    expect(found('DOB: 13/14/1962')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it('finds the usual U.S. forms', () => {
    const forms = ['(202) 555-0143', '202-555-0143', '202.555.0143', '202 555 0143', '+1 202 555 0143', '1-202-555-0143', '+12025550143'];
    for (const f of forms) expect(found(`Call ${f} today`)).toEqual([`phone:${f}`]);
    expect(found('Tel 2025550143')).toEqual(['phone:2025550143']);
  });
  it('leaves bare ten-digit numbers and impossible area codes alone', () => {
    expect(found('Invoice 2025550143')).toEqual([]);
    expect(found('Call 102-555-0143')).toEqual([]);
  });
});

describe('e-mail and street addresses', () => {
  it('finds e-mail addresses', () => {
    expect(found('Write to jane.q.doe+tips@agency.gov.')).toEqual(['email:jane.q.doe+tips@agency.gov']);
  });
  it('finds a street address with a suffix and a unit', () => {
    expect(found('She lives at 1234 Elm Street, Apt 4B in town')).toEqual(['address:1234 Elm Street, Apt 4B']);
    expect(found('1600 Pennsylvania Ave NW')).toEqual(['address:1600 Pennsylvania Ave NW']);
    expect(found('42 W. Martin Luther King Jr Blvd')).toEqual(['address:42 W. Martin Luther King Jr Blvd']);
  });
  it('leaves a number before capitalised words with no street suffix alone', () => {
    expect(found('Section 230 Communications Decency Act')).toEqual([]);
  });
});

describe('passport, licence and money numbers', () => {
  it("finds passport and driver's licence numbers after their label only", () => {
    expect(found('Passport No. X12345678')).toEqual(['passport:X12345678']);
    expect(found("driver's license number D123-4567-8901")).toEqual(['drivers-license:D123-4567-8901']);
    expect(found('DL: S5301234')).toEqual(['drivers-license:S5301234']);
    expect(found('Reference X12345678; the passport was expired')).toEqual([]);
  });
  it('finds card numbers that pass Luhn and not order numbers that fail it', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(found('Card 4111 1111 1111 1111 on file')).toEqual(['card:4111 1111 1111 1111']);
    expect(found('Order 4111 1111 1111 1112 shipped')).toEqual([]);
    expect(found('Blank 0000000000000000')).toEqual([]);
  });
  it('finds account numbers after "account" and routing numbers that pass the ABA checksum', () => {
    expect(abaChecksum('011000015')).toBe(true);
    expect(found('Routing: 011000015, account no. 12345678901')).toEqual(['routing:011000015', 'bank-account:12345678901']);
    expect(found('Routing: 011000016')).toEqual([]);
  });
});

describe('finds that overlap', () => {
  it('gives characters two kinds could claim to the more specific one', () => {
    expect(found('Write 202-555-0143@example.org')).toEqual(['email:202-555-0143@example.org']);
  });
  it('keeps every find on a page full of them', () => {
    expect(findPii('(202) 555-0143 '.repeat(5000))).toHaveLength(5000);
  });
});

describe('custom patterns', () => {
  const pattern = (p: string) => checkPattern({ name: 'Case', pattern: p, exemption: 'b6' });
  const refusal = (p: string) => {
    try {
      pattern(p);
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return (e as AppError).message;
    }
    throw new Error(`${p} was accepted`);
  };

  it('finds what a pattern matches, as its own kind', () => {
    expect(found('see CASE-123456 and CASE-99', [pattern('CASE-\\d{6}')])).toEqual(['custom:Case:CASE-123456']);
  });
  it('refuses bad syntax in plain words', () => {
    expect(refusal('(ab')).toMatch(/a "\(" is never closed/);
    expect(refusal('(?<=x)y')).toMatch(/lookarounds .* not supported/);
    expect(refusal('(a)\\1')).toMatch(/backreferences/);
  });
  it('refuses a pattern matching an empty text or every character of a sort, saying what to write', () => {
    expect(refusal('x*')).toMatch(/matches an empty text.*\+ instead of \*/);
    for (const p of ['.', '\\w', '[\\s\\S]', '\\d']) expect(refusal(p)).toMatch(/matches any single \w+ on its own.*CASE-\\d\{6\}/);
  });
  it('keeps (a+)+$ and runs it on RE2, so a page built to make it backtrack is read through', () => {
    const p = pattern('(a+)+$');
    // A backtracking engine takes 2^n steps on this page and would never return (the test would
    // time out); RE2 reads it in one pass. Its speed is measured in bench/pii.ts, not here.
    expect(findPii(`${'a'.repeat(20_000)}!`, [p])).toEqual([]);
    expect(found('baaa', [p])).toEqual(['custom:Case:aaa']);
  });
  it('keeps at most a fixed number of hits per page', () => {
    expect(findPii('ab '.repeat(1000), [pattern('ab')])).toHaveLength(MAX_CUSTOM_HITS_PER_PAGE);
  });
});
