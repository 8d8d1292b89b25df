import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CouponsWorld, couponsWorld, newKey } from './coupons.fixtures.ts';

describe('coupons: templates, issue, claim, share, funnel, merges', () => {
  let w: CouponsWorld;
  before(async () => {
    w = await couponsWorld('cpn-main');
  });
  after(() => w.t.close());

  test('template validation names every field at fault', async () => {
    const res = await w.req('POST', '/api/v1/coupon-templates', {
      name: 'bad',
      kind: 'percent_off',
      amountOffCents: 500,
      giftSku: 'SKU-1',
      validity: { kind: 'fixed', from: '2025-07-01T00:00:00Z', to: '2025-06-01T00:00:00Z' },
      storeIds: ['sto_999999', 'nope'],
    });
    assert.equal(res.statusCode, 400, res.body);
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    assert.deepEqual(fields, ['amountOffCents', 'giftSku', 'percentOffBp', 'storeIds.1', 'validity.to']);
    const store = await w.req('POST', '/api/v1/coupon-templates', {
      name: 'x',
      kind: 'free_shipping',
      validity: { kind: 'relative', days: 7 },
      storeIds: ['sto_999999'],
    });
    assert.equal(store.statusCode, 400);
    assert.equal(store.json().errors[0].field, 'storeIds.0');
    const shape = await w.req('POST', '/api/v1/coupon-templates', {
      name: 'x',
      kind: 'cash_off',
      validity: { kind: 'x' },
    });
    assert.equal(shape.statusCode, 400);
    assert.ok(shape.json().errors.some((e: { field: string }) => e.field.startsWith('validity')));
  });

  test('a template’s worth is fixed once active; stock can move down to what was issued', async () => {
    const { id } = await w.template({ stockTotal: 5 });
    const worth = await w.req('PATCH', `/api/v1/coupon-templates/${id}`, { amountOffCents: 9000 });
    assert.equal(worth.statusCode, 409, worth.body);
    assert.equal(worth.json().errors[0].field, 'amountOffCents');
    const members = await w.members(3);
    assert.equal((await w.issue(id, members)).json().issued.length, 3);
    const low = await w.req('PATCH', `/api/v1/coupon-templates/${id}`, { stockTotal: 2 });
    assert.equal(low.statusCode, 409);
    assert.equal(low.json().errors[0].field, 'stockTotal');
    const ok = await w.req('PATCH', `/api/v1/coupon-templates/${id}`, { stockTotal: 10, name: '改名' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().stockTotal, ok.json().stockLeft, ok.json().name], [10, 7, '改名']);
    const paused = await w.req('PATCH', `/api/v1/coupon-templates/${id}`, { status: 'paused' });
    assert.equal(paused.json().status, 'paused');
    const refused = await w.issue(id, await w.members(1));
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().errors[0].message, /not_issuing/);
    const back = await w.req('PATCH', `/api/v1/coupon-templates/${id}`, { status: 'draft' });
    assert.equal(back.statusCode, 409);
    const del = await w.req('DELETE', `/api/v1/coupon-templates/${id}`);
    assert.equal(del.statusCode, 409);
    const draft = await w.template({ status: 'draft' });
    assert.equal((await w.req('DELETE', `/api/v1/coupon-templates/${draft.id}`)).statusCode, 204);
  });

  test('issue: set-based, skips with reasons, idempotent on its key', async () => {
    const { id } = await w.template({ stockTotal: 3, perMemberLimit: 1 });
    const [a, b, c, d] = await w.members(4);
    const key = newKey();
    const first = await w.issue(id, [a!, b!, 'mem_999999999', a!], key);
    assert.equal(first.statusCode, 200, first.body);
    const body = first.json();
    assert.deepEqual(
      body.issued.map((x: { memberId: string }) => x.memberId),
      [a, b],
    );
    assert.deepEqual(body.skipped, [
      { memberId: 'mem_999999999', reason: 'member_not_found' },
      { memberId: a, reason: 'duplicate' },
    ]);
    assert.match(body.issued[0].code, /^[2-9A-HJ-NP-Z]{12}$/);
    const replay = await w.issue(id, [a!, b!, 'mem_999999999', a!], key);
    assert.deepEqual(replay.json(), body, 'the same key returns the first answer');
    const mismatch = await w.issue(id, [c!], key);
    assert.equal(mismatch.statusCode, 409);
    assert.equal(mismatch.json().code, 'IDEMPOTENCY_MISMATCH');
    const more = await w.issue(id, [a!, c!, d!]);
    assert.deepEqual(more.json().skipped, [
      { memberId: a, reason: 'limit_reached' },
      { memberId: d, reason: 'out_of_stock' },
    ]);
    assert.equal(await w.count('coupons', 'template_id = $2', [id.slice(4)]), 3);
    const missingKey = await w.req('POST', `/api/v1/coupon-templates/${id}/issue`, { memberIds: [d] });
    assert.equal(missingKey.statusCode, 400);
    assert.equal(missingKey.json().errors[0].field, 'Idempotency-Key');
    assert.equal(
      await w.count('outbox_events', "event_type = 'coupon.issued' AND payload->>'templateId' = $2", [id]),
      3,
    );
  });

  test('bulk issue from a CSV reports each bad line', async () => {
    const { id } = await w.template({ perMemberLimit: 1 });
    const phone = (
      await w.req('POST', '/api/v1/members', { profile: { name: 'P', phone: '13900000009' } })
    ).json();
    const [m] = await w.members(1);
    const csv = [
      'member_id,phone',
      `${m},`,
      ',139 0000 0009',
      'mem_x,',
      ',12345',
      ',13900000077',
      `${m},`,
      ',',
    ].join('\n');
    const res = await w.req(
      'POST',
      `/api/v1/coupon-templates/${id}/bulk-issue`,
      { content: csv, fileName: 'vip.csv' },
      { 'idempotency-key': newKey() },
    );
    assert.equal(res.statusCode, 200, res.body);
    const out = res.json();
    assert.equal(out.issued, 2);
    assert.deepEqual(
      out.errors.map((e: { line: number }) => e.line),
      [4, 5, 6, 7, 8],
    );
    assert.match(out.errors[3].message, /earlier in the file/);
    const wallet = (await w.req('GET', `/api/v1/members/${phone.id}/coupons`)).json();
    assert.equal(wallet.available[0].source.type, 'import');
    assert.equal(wallet.available[0].source.id, 'vip.csv');
  });

  test('claim by code: once per member when limited, the link only when claimable', async () => {
    const closed = await w.template();
    assert.equal(closed.claimCode, null);
    const { id, claimCode } = await w.template({ claimable: true, perMemberLimit: 1, stockTotal: 1 });
    const [a, b] = await w.members(2);
    const claim = (memberId: string, code = claimCode!) =>
      w.req('POST', `/api/v1/coupon-claims/${code}`, { memberId });
    const ok = await claim(a!);
    assert.equal(ok.statusCode, 201, ok.body);
    const again = await claim(a!);
    assert.equal(again.statusCode, 409);
    assert.match(again.json().errors[0].message, /^limit_reached/);
    const none = await claim(b!);
    assert.equal(none.statusCode, 409);
    assert.match(none.json().errors[0].message, /^out_of_stock/);
    assert.equal((await claim(b!, 'NOSUCHCODE')).statusCode, 404);
    const coupon = (await w.req('GET', `/api/v1/coupons/${ok.json().couponId}`)).json();
    assert.equal(coupon.source.type, 'claim_link');
    assert.ok(coupon.claimedAt);
    assert.equal(coupon.templateId, id);
  });

  test('share: ownership moves, the chain is kept, the old code stops working', async () => {
    const { id } = await w.template({ shareable: true });
    const [a, b, c] = await w.members(3);
    const issued = (await w.issue(id, [a!])).json().issued[0];
    const share = (coupon: string, from: string, to: string) =>
      w.req('POST', `/api/v1/coupons/${coupon}/share`, { fromMemberId: from, toMemberId: to });
    assert.equal((await share(issued.couponId, b!, c!)).json().errors[0].field, 'memberId');
    const first = await share(issued.couponId, a!, b!);
    assert.equal(first.statusCode, 201, first.body);
    assert.notEqual(first.json().code, issued.code);
    const second = await share(first.json().couponId, b!, c!);
    assert.equal(second.statusCode, 201);
    const last = (await w.req('GET', `/api/v1/coupons/${second.json().couponId}`)).json();
    assert.equal(last.memberId, c);
    assert.equal(last.sharedFrom, first.json().couponId);
    const middle = (await w.req('GET', `/api/v1/coupons/${first.json().couponId}`)).json();
    assert.deepEqual([middle.status, middle.sharedFrom], ['shared', issued.couponId]);
    assert.equal(
      (await share(issued.couponId, a!, c!)).statusCode,
      409,
      'a shared coupon cannot be shared again',
    );
    const plain = await w.template();
    const p = (await w.issue(plain.id, [a!])).json().issued[0];
    const refused = await share(p.couponId, a!, b!);
    assert.match(refused.json().errors[0].message, /^not_shareable/);
  });

  test('permissions and scope: a guide issues to own customers only and cannot create templates', async () => {
    const body = { name: 'g', kind: 'free_shipping', validity: { kind: 'relative', days: 1 } };
    const create = await w.req('POST', '/api/v1/coupon-templates', body, undefined, w.guide);
    assert.equal(create.statusCode, 403);
    const { id } = await w.template();
    const [mine] = await w.members(1, { byGuide: true });
    const [theirs] = await w.members(1);
    const res = await w.req(
      'POST',
      `/api/v1/coupon-templates/${id}/issue`,
      { memberIds: [mine, theirs] },
      { 'idempotency-key': newKey() },
      w.guide,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().skipped, [{ memberId: theirs, reason: 'member_not_found' }]);
    const coupon = (await w.req('GET', `/api/v1/coupons/${res.json().issued[0].couponId}`)).json();
    assert.deepEqual(coupon.source, { type: 'guide', id: w.guideId });
    const list = (await w.req('GET', '/api/v1/coupons?limit=200', undefined, undefined, w.guide)).json();
    assert.ok(list.items.every((c: { memberId: string }) => c.memberId === mine));
  });

  test('funnel: issued, claimed, shared, redeemed, expired, conversion, sales, per day', async () => {
    const { id, claimCode } = await w.template({ claimable: true, shareable: true, thresholdCents: 0 });
    const ms = await w.members(5);
    const issued = (await w.issue(id, ms.slice(0, 3))).json().issued;
    await w.req('POST', `/api/v1/coupon-claims/${claimCode}`, { memberId: ms[3] });
    await w.req('POST', `/api/v1/coupons/${issued[1].couponId}/share`, {
      fromMemberId: ms[1],
      toMemberId: ms[4],
    });
    const redeem = await w.req('POST', '/api/v1/coupons/redeem', {
      code: issued[0].code,
      memberId: ms[0],
      order: {
        channel: 'store_pos',
        externalOrderId: 'F-1',
        totalCents: 5000,
        lines: [{ sku: 'A', qty: 1, amountCents: 5000 }],
      },
    });
    assert.equal(redeem.statusCode, 201, redeem.body);
    await w.t.db.system((tx) =>
      tx.exec(`UPDATE coupons SET valid_to = now() - interval '1 day' WHERE code = $1`, [issued[2].code]),
    );
    const f = (await w.req('GET', `/api/v1/coupon-templates/${id}/funnel`)).json();
    assert.deepEqual([f.issued, f.claimed, f.shared, f.redeemed, f.expired, f.available], [4, 1, 1, 1, 1, 2]);
    assert.equal(f.conversionRate, 0.25);
    assert.equal(f.salesDrivenCents, 3000);
    assert.equal(f.discountCents, 2000);
    assert.equal(f.series.length, 30);
    const today = f.series.at(-1);
    assert.deepEqual([today.issued, today.claimed, today.redeemed, today.salesCents], [4, 1, 1, 3000]);
  });

  test('merge moves coupons to the survivor; unmerge moves them back', async () => {
    const { id } = await w.template();
    const a = (
      await w.req('POST', '/api/v1/members', { profile: { name: 'A', phone: '13700000011' } })
    ).json();
    const b = (
      await w.req('POST', '/api/v1/members', { profile: { name: 'B', phone: '13700000012' } })
    ).json();
    await w.issue(id, [a.id]);
    await w.issue(id, [b.id]);
    const merge = (
      await w.req('POST', `/api/v1/members/${a.id}/merge`, { otherId: b.id, reason: 'same' })
    ).json();
    const survivor = (await w.req('GET', `/api/v1/members/${merge.survivorId}/coupons`)).json();
    assert.equal(survivor.available.length, 2);
    const byMerged = (await w.issue(id, [merge.mergedId])).json();
    assert.equal(
      byMerged.issued[0].memberId,
      merge.survivorId,
      'issuing to a merged member reaches the survivor',
    );
    const undo = await w.req('POST', `/api/v1/members/merges/${merge.mergeId}/undo`);
    assert.equal(undo.statusCode, 200, undo.body);
    const s = (await w.req('GET', `/api/v1/members/${merge.survivorId}/coupons`)).json();
    const m = (await w.req('GET', `/api/v1/members/${merge.mergedId}/coupons`)).json();
    assert.equal(s.available.length, 2);
    assert.equal(m.available.length, 1);
  });
});
