import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatDateTime, formatDay, formatMoney, inNorwegianOrder } from '../../../portal/src/i18n/format';

// Norwegian separates thousands and the currency with a no-break space.
const NBSP = '\u00a0';

describe('Norwegian formats in the portal', () => {
  it('writes money from øre as `1 234,50 kr`', () => {
    expect(formatMoney(123_450)).toBe(`1${NBSP}234,50${NBSP}kr`);
    expect(formatMoney(255)).toBe(`2,55${NBSP}kr`);
    expect(formatMoney(-10_000)).toBe(`−100,00${NBSP}kr`);
  });

  it('writes a day as `1. desember 2026`, the day it is in Oslo', () => {
    expect(formatDate('2026-12-01T10:00:00Z')).toBe('1. desember 2026');
    // 23:30 UTC on 30 November is already 1 December in Oslo.
    expect(formatDate('2026-11-30T23:30:00Z')).toBe('1. desember 2026');
    expect(formatDay('2026-12-01')).toBe('1. desember 2026');
    expect(formatDay('2027-06-30')).toBe('30. juni 2027');
  });

  it('writes a moment with the Oslo time', () => {
    expect(formatDateTime('2026-12-01T10:05:00Z')).toBe('1. desember 2026 kl. 11:05');
    expect(formatDateTime('2026-07-01T10:05:00Z')).toBe('1. juli 2026 kl. 12:05');
  });

  it('groups large counts', () => {
    expect(formatCount(10_000)).toBe(`10${NBSP}000`);
  });

  it('sorts names in Norwegian order: Æ, Ø, Å after Z, lower and upper case together', () => {
    const names = ['Åsane', 'Østfold', 'Zeta', 'ærlig', 'Aker', 'aurskog', 'Bodø'];
    expect(inNorwegianOrder(names, (name) => name)).toEqual(['Aker', 'aurskog', 'Bodø', 'Zeta', 'ærlig', 'Østfold', 'Åsane']);
    expect(names[0]).toBe('Åsane');
  });
});
