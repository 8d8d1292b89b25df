import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { snapshotTenant } from '../../../test/harness.ts';
import { importCommand } from './imports.cli.ts';
import { type OrdersWorld, ordersWorld } from './orders.fixtures.ts';

const header =
  'channel,external_id,paid_at,store_code,guide_username,member_phone,sku,qty,unit_price,paid_amount,discount,coupon_codes';

/** line 1 is the header; the comments say which line each row is. */
function ordersCsv(prefix: string): string {
  return [
    header,
    `store_pos,${prefix}-1,2025-06-18 20:15:00,SH01,guide1,13800000301,SKU-1,2,10.00,18,5,WELCOME5|VIP`, // 2
    `store_pos,${prefix}-1,,,,,SKU-2,1,20,17,,`, // 3: second line of order 1
    `store_pos,${prefix}-2,2025-06-18T21:00:00+08:00,SH01,,,SKU-3,1,30,30,,`, // 4: non-member order
    `store_pos,${prefix}-3,2025-06-18 21:00:00,SH01,,13800000302,NOPE,1,30,30,,`, // 5: unknown SKU
    `store_pos,${prefix}-4,2025-06-18 21:00:00,XX99,,,SKU-1,1,10,10,,`, // 6: unknown store
    `store_pos,${prefix}-5,2025-06-18 21:00:00,SH01,,12345,SKU-1,1,10,10,,`, // 7: bad phone
    `store_pos,${prefix}-6,2025-06-18 21:00:00,SH01,,,SKU-1,-1,10,10,,`, // 8: negative qty
    `store_pos,${prefix}-7,2025-06-18 21:00:00,SH01,,,SKU-1,1,10,9.999,,`, // 9: bad amount
    `store_pos,${prefix}-8,2025-06-18 21:00:00,SH01,,,SKU-1,1,10,10,,,extra`, // 10: wrong width
    `store_pos,${prefix}-9,2025-06-18 21:00:00,SH01,,,SKU-1,1,10,9,,`, // 11: paid ≠ lines − discount
    `store_pos,"${prefix}-10,2025-06-18 21:00:00,SH01,,,SKU-1,1,10,10,,`, // 12: broken quoting
  ].join('\n');
}

describe('imports: CSV files of orders and products', () => {
  let w: OrdersWorld;
  before(async () => {
    w = await ordersWorld('ord-imports', { work: true });
  });
  after(() => w.t.close());

  async function finished(id: string) {
    for (let i = 0; i < 150; i++) {
      const job = (await w.get(`/api/v1/imports/${id}`)).json();
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`import ${id} did not finish`);
  }

  test('preview: per-line errors, nothing written', async () => {
    // The dispatcher runs here and marks events published: compare everything else, and count events.
    const stable = async () => {
      const { outbox_events: _e, ...rest } = await snapshotTenant(w.t.db, w.tenantId);
      return { ...rest, events: await w.count('outbox_events') };
    };
    const snapshot = await stable();
    const res = await w.post('/api/v1/imports/preview', { kind: 'orders', content: ordersCsv('PV') });
    assert.equal(res.statusCode, 200, res.body);
    const p = res.json();
    assert.equal(p.totalLines, 11);
    assert.equal(p.validLines, 3);
    assert.equal(p.invalidLines, 8);
    assert.deepEqual(await stable(), snapshot);
  });

  test('an upload is processed in the background to done, with errors by line and column', async () => {
    const res = await w.post('/api/v1/imports', {
      kind: 'orders',
      fileName: 'pos-0618.csv',
      content: ordersCsv('UP'),
    });
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.json().status, 'queued');
    const job = await finished(res.json().id);
    assert.equal(job.status, 'done');
    assert.deepEqual([job.totalLines, job.processed, job.succeeded, job.failed], [11, 11, 3, 8]);
    assert.deepEqual(
      job.errors.map((e: { line: number; field?: string }) => [e.line, e.field ?? null]),
      [
        [5, 'sku'],
        [6, 'store_code'],
        [7, 'member_phone'],
        [8, 'qty'],
        [9, 'paid_amount'],
        [10, null],
        [11, 'paid_amount'],
        [12, null],
      ],
    );
    const orders = (await w.get('/api/v1/orders?limit=200')).json().items;
    const first = orders.find((o: { externalId: string }) => o.externalId === 'UP-1');
    assert.equal(
      first.paidAt,
      '2025-06-18T12:15:00.000Z',
      'local time read in the tenant time zone (Asia/Shanghai)',
    );
    assert.equal(first.paidCents, 3500);
    assert.deepEqual(first.couponCodes, ['WELCOME5', 'VIP']);
    assert.equal(first.guideId, w.guideId);
    assert.ok(first.memberId);
  });

  test('importing the same file again, any number of times, changes nothing', async () => {
    const content = ordersCsv('RE');
    const run = async () =>
      finished((await w.post('/api/v1/imports', { kind: 'orders', fileName: 're.csv', content })).json().id);
    await run();
    const snapshot = await snapshotTenant(w.t.db, w.tenantId);
    const events = await w.count('outbox_events');
    const strip = (s: Record<string, string>) => {
      // Each upload is itself recorded (its job row, its audit entry), and the dispatcher and
      // consumers running here mark events published and consumed, in their own time: everything
      // else must stay, and no event may be added.
      const { import_jobs: _j, audit_log: _a, outbox_events: _e, outbox_consumptions: _c, ...rest } = s;
      return rest;
    };
    for (let i = 0; i < 2; i++) {
      const job = await run();
      assert.deepEqual([job.succeeded, job.failed], [3, 8]);
      assert.deepEqual(strip(await snapshotTenant(w.t.db, w.tenantId)), strip(snapshot));
      assert.equal(await w.count('outbox_events'), events);
    }
  });

  test('products: a file with prices in yuan, bad rows reported', async () => {
    const content = [
      'sku,name,category_path,brand,price',
      'LENS-1,镜片,镜片/单光,依视路,399.5',
      'LENS-2,镜片2,,,abc',
      'SKU-1,商品1 新,镜架/金属框,,12',
    ].join('\n');
    const job = await finished(
      (await w.post('/api/v1/imports', { kind: 'products', fileName: 'p.csv', content })).json().id,
    );
    assert.deepEqual([job.succeeded, job.failed], [2, 1]);
    assert.deepEqual(job.errors, [
      { line: 3, field: 'price', message: 'not an amount in yuan (e.g. 12.50)' },
    ]);
    const lens = (await w.get('/api/v1/products?q=LENS-1')).json().items[0];
    assert.equal(lens.priceCents, 39950);
    const updated = (await w.get('/api/v1/products?q=SKU-1')).json().items[0];
    assert.deepEqual([updated.name, updated.priceCents], ['商品1 新', 1200]);
  });

  test('a file with the wrong header is refused at once', async () => {
    const res = await w.post('/api/v1/imports', { kind: 'orders', fileName: 'x.csv', content: 'a,b\n1,2' });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().detail, /missing channel/);
  });
});

describe('siyu import orders FILE.csv --tenant CODE', () => {
  let w: OrdersWorld;
  before(async () => {
    w = await ordersWorld('ord-cli');
  });
  after(() => w.t.close());

  test('imports a large file in chunks with progress, and a replay changes nothing', async () => {
    const rows = [header];
    for (let i = 0; i < 4_500; i++) {
      const phone = i % 4 === 0 ? '' : `139${String(i % 900).padStart(8, '0')}`;
      rows.push(`livestream,LS-${i},2025-06-18 20:00:00,SH01,,${phone},SKU-1,1,10,10,,`);
      rows.push(`livestream,LS-${i},,,,,SKU-2,2,20,40,,`);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'siyu-import-')), 'orders.csv');
    writeFileSync(file, rows.join('\n'));
    const lines: string[] = [];
    const code = await importCommand(
      ['orders', file, '--tenant', w.code],
      w.t.runtime.config,
      (l) => lines.push(l),
      w.t.db,
    );
    assert.equal(code, 0, lines.join('\n'));
    assert.ok(
      lines.filter((l) => l.includes('lines ·')).length >= 3,
      `progress by chunk:\n${lines.join('\n')}`,
    );
    assert.match(lines.at(-1)!, /done in .* s: 9000 lines imported, 0 failed/);
    assert.equal(await w.count('orders', "channel = 'livestream'"), 4_500);
    assert.equal(await w.count('members'), 675, 'one member per distinct phone (i % 4 = 0 rows have none)');
    const snapshot = await snapshotTenant(w.t.db, w.tenantId);
    assert.equal(
      await importCommand(['orders', file, '--tenant', w.code], w.t.runtime.config, () => {}, w.t.db),
      0,
    );
    const { import_jobs: _a, ...after } = await snapshotTenant(w.t.db, w.tenantId);
    const { import_jobs: _b, ...before } = snapshot;
    assert.deepEqual(after, before);
    assert.equal(
      await importCommand(['orders', file], w.t.runtime.config, () => {}, w.t.db),
      2,
      'usage without --tenant',
    );
  });
});
