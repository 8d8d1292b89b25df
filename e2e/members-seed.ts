// Data for the member-centre browser test, made through the API with the browser's session: a
// store, products, two members (one with orders from two channels, a refund and a revised order),
// and a member known only by a store card, merged into the first.
import assert from 'node:assert/strict';
import type { APIRequestContext } from 'playwright-core';

export const phone = '13800000001';

export interface Seeded {
  storeId: string;
  memberId: string;
  cardMemberId: string;
  mergeId: string;
}

export async function post<T>(
  request: APIRequestContext,
  path: string,
  data: unknown,
  status = [200, 201],
): Promise<T> {
  const res = await request.post(`/api/v1${path}`, { data });
  assert.ok(status.includes(res.status()), `${path} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

export async function seedMembersAndOrders(api: APIRequestContext): Promise<Seeded> {
  const seeded: Seeded = { storeId: '', memberId: '', cardMemberId: '', mergeId: '' };
  const store = await post<{ id: string }>(api, '/stores', { code: 'SH01', name: '上海一店', city: '上海' });
  seeded.storeId = store.id;
  await post(api, '/products/bulk', {
    items: [1, 2, 3].map((i) => ({
      sku: `SKU-${i}`,
      name: `金属框眼镜 ${i}`,
      categoryPath: '镜架/金属框',
      priceCents: i * 1000,
    })),
  });
  const member = await post<{ id: string }>(api, '/members', {
    profile: { name: '王小明', phone, city: '上海', gender: 'male', homeStoreId: store.id },
    join: { channel: 'store_pos', storeId: store.id },
  });
  seeded.memberId = member.id;
  await post(api, '/members', { profile: { name: '李四', phone: '13900000002', city: '杭州' } });
  await post(api, '/orders', {
    channel: 'store_pos',
    externalId: 'POS-E2E-1',
    storeId: store.id,
    member: { kind: 'phone', value: phone },
    lines: [
      { sku: 'SKU-1', qty: 2, unitPriceCents: 1000, paidCents: 1800 },
      { sku: 'SKU-2', qty: 1, unitPriceCents: 2000, paidCents: 1700 },
    ],
    discountCents: 500,
    couponCodes: ['WELCOME5'],
    paidAt: '2025-06-18T20:15:00+08:00',
  });
  await post(api, '/orders', {
    channel: 'wechat_mall',
    externalId: 'WX-E2E-2',
    member: { kind: 'phone', value: phone },
    lines: [{ sku: 'SKU-3', qty: 1, unitPriceCents: 3000, paidCents: 3000 }],
    paidAt: '2025-07-01T10:00:00+08:00',
  });
  await post(api, '/refunds', {
    channel: 'store_pos',
    externalId: 'RF-E2E-1',
    externalOrderId: 'POS-E2E-1',
    lines: [{ sku: 'SKU-2', qty: 1, amountCents: 1700 }],
    reason: '尺寸不合适',
    refundedAt: '2025-06-20T11:00:00+08:00',
  });
  // The POS sends the order again with one more coupon: revision 2.
  const revised = await post<{ outcome: string }>(api, '/orders', {
    channel: 'store_pos',
    externalId: 'POS-E2E-1',
    storeId: store.id,
    member: { kind: 'phone', value: phone },
    lines: [
      { sku: 'SKU-1', qty: 2, unitPriceCents: 1000, paidCents: 1800 },
      { sku: 'SKU-2', qty: 1, unitPriceCents: 2000, paidCents: 1700 },
    ],
    discountCents: 500,
    couponCodes: ['WELCOME5', 'VIP'],
    paidAt: '2025-06-18T20:15:00+08:00',
  });
  assert.equal(revised.outcome, 'revised');
  // The same person, known to a store only by a card: merged in by hand.
  const card = await post<{ id: string }>(api, '/members/resolve', {
    identity: { kind: 'store_card', value: 'CARD-E2E-9' },
    profile: { name: '王小明（会员卡）' },
    source: 'store_pos',
  });
  seeded.cardMemberId = card.id;
  const merge = await post<{ mergeId: string; survivorId: string }>(api, `/members/${member.id}/merge`, {
    otherId: card.id,
    reason: '同一顾客',
  });
  assert.equal(merge.survivorId, member.id, 'the earlier member survives');
  seeded.mergeId = merge.mergeId;
  return seeded;
}
