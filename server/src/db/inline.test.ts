import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inlineParams, literal } from './inline.ts';

test('parameters become literals; quotes, identifiers and comments are left alone', () => {
  assert.equal(
    inlineParams(`SELECT '$1', "$2", $1 -- $2\n, $2::bigint[], $10`, [
      'a',
      [1, 2],
      3,
      4,
      5,
      6,
      7,
      8,
      9,
      "it's",
    ]),
    `SELECT '$1', "$2", 'a' -- $2\n, '{"1","2"}'::bigint[], 'it''s'`,
  );
  assert.equal(literal(null), 'NULL');
  assert.equal(literal(undefined), 'NULL');
  assert.equal(literal(Buffer.from([0xde, 0xad])), "'\\xdead'");
  assert.equal(literal('back\\slash'), " E'back\\\\slash'");
  assert.equal(literal({ a: "b'" }), `'{"a":"b''"}'`);
  assert.equal(literal(true), "'true'");
  assert.throws(() => inlineParams('SELECT $2', [1]), /has no value/);
});
