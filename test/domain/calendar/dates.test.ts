/** China dates and times of an instant, whatever the machine's zone (the browser apps use them too). */
import { describe, expect, it } from 'vitest';
import { chinaDate, chinaDateTime } from '../../../src/domain/calendar/dates.js';

describe('China time', () => {
  it('is UTC+8: 01:00 Beijing on the 2nd is the 2nd, 23:59 UTC on the 1st is 07:59 on the 2nd', () => {
    expect(chinaDate(new Date('2025-10-01T17:00:00Z'))).toBe('2025-10-02');
    expect(chinaDate(new Date('2025-10-01T15:59:59.999Z'))).toBe('2025-10-01');
    expect(chinaDateTime(new Date('2025-03-01T23:59:00.123Z'))).toBe('2025-03-02 07:59:00.123');
    expect(chinaDateTime(new Date('2025-12-31T16:00:00Z')).slice(0, 16)).toBe('2026-01-01 00:00');
  });
});
