import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppError } from './errors.ts';
import { parseFieldId, parsePublicId, toPublicId } from './ids.ts';

test('public ids carry their prefix and parse back', () => {
  assert.equal(toPublicId('store', '42'), 'sto_42');
  assert.equal(toPublicId('store', null), null);
  assert.equal(parsePublicId('store', 'sto_42'), '42');
});

test('a malformed or foreign-kind id is not found (path) or invalid (body), never a crash', () => {
  for (const bad of [
    '42',
    'sto_',
    'sto_0',
    'sto_-1',
    'sto_1e3',
    'reg_42',
    'sto_99999999999999999999',
    "sto_1'--",
  ]) {
    assert.throws(
      () => parsePublicId('store', bad),
      (e: AppError) => e.code === 'NOT_FOUND',
    );
    assert.throws(
      () => parseFieldId('store', bad, 'storeId'),
      (e: AppError) => e.code === 'VALIDATION' && e.errors?.[0]?.field === 'storeId',
    );
  }
});
