import { describe, expect, it } from 'vitest';
import { loadFileDate } from '../../core/received/field-dates.ts';

describe('dates as load files write them', () => {
  it('reads US, ISO and compact dates, with the time in the same field or its own', () => {
    expect(loadFileDate('03/14/2024')).toBe('2024-03-14T00:00:00.000Z');
    expect(loadFileDate('3/4/2024 2:05 PM')).toBe('2024-03-04T14:05:00.000Z');
    expect(loadFileDate('3/4/2024', '12:30 AM')).toBe('2024-03-04T00:30:00.000Z');
    expect(loadFileDate('2024-03-14', '09:15:07')).toBe('2024-03-14T09:15:07.000Z');
    expect(loadFileDate('20240314')).toBe('2024-03-14T00:00:00.000Z');
    expect(loadFileDate('2024-03-14T14:05:00-05:00')).toBe('2024-03-14T19:05:00.000Z');
    expect(loadFileDate('2024-03-14T14:05:00')).toBe('2024-03-14T14:05:00.000Z');
    expect(loadFileDate('1/2/99')).toBe('1999-01-02T00:00:00.000Z');
  });

  it('gives null for what is not a date, rather than a wrong day', () => {
    for (const bad of ['', '   ', 'pending', '02/30/2024', '13/01/2024', '2024-13-01', '00000000']) expect(loadFileDate(bad), bad).toBeNull();
    expect(loadFileDate(undefined)).toBeNull();
    // A time that is not one is left out, not guessed.
    expect(loadFileDate('2024-03-14', '25:00')).toBe('2024-03-14T00:00:00.000Z');
  });
});
