import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expiresAt } from './points.expiry-policy.ts';

// The tenant's calendar decides, whatever the process's TZ: 2025-12-31T18:00Z is already
// 1 January 2026 in Shanghai.
describe('expiry policies on the tenant’s calendar', () => {
  const lateNewYearsEve = new Date('2025-12-31T18:00:00Z');
  const cases: [string, string, string, string][] = [
    // zone, policy, expected for lateNewYearsEve, expected for 2025-01-31T12:00Z + 1 month
    ['UTC', 'end_of_year', '2026-01-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z'],
    ['Asia/Shanghai', 'end_of_year', '2026-12-31T16:00:00.000Z', '2025-02-28T16:00:00.000Z'],
  ];
  for (const [zone, , endOfYear, monthAfter] of cases) {
    test(`${zone}: end of year + 0, N months after (clamped to the month's last day)`, () => {
      assert.equal(
        expiresAt({ kind: 'end_of_year', years: 0 }, lateNewYearsEve, zone)?.toISOString(),
        endOfYear,
      );
      assert.equal(
        expiresAt({ kind: 'months_after', months: 1 }, new Date('2025-01-31T12:00:00Z'), zone)?.toISOString(),
        monthAfter,
      );
    });
  }
  test('end of year + N, never, fixed', () => {
    const at = new Date('2025-06-01T00:00:00Z');
    assert.equal(
      expiresAt({ kind: 'end_of_year', years: 2 }, at, 'UTC')?.toISOString(),
      '2028-01-01T00:00:00.000Z',
    );
    assert.equal(expiresAt({ kind: 'never' }, at, 'UTC'), null);
    assert.equal(expiresAt({ kind: 'fixed', at }, at, 'UTC'), at);
    assert.equal(
      expiresAt({ kind: 'months_after', months: 12 }, at, 'Asia/Shanghai')?.toISOString(),
      '2026-06-01T16:00:00.000Z',
      'earned 1 June (Shanghai) → end of 1 June next year',
    );
  });
});
