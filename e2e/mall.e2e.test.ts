// The points mall in a real browser against a real server: create an item in the drawer and watch
// the member's preview card follow the form, edit it, then work the exchange orders — mark paid,
// ship, mark delivered, cancel with a reason, bulk-ship a CSV with a bad line — and the same
// screens in English on a phone. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import { post } from './members-seed.ts';
import {
  type E2eServer,
  horizontalOverflow,
  isApi,
  launchBrowser,
  loginThroughForm,
  openPage,
  screenshot,
  screenshotDir,
  startServer,
  type TrackedPage,
  tableRows,
  tablesSettled,
} from './support.ts';

let server: E2eServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let main: TrackedPage;
let page: Page;
let api: APIRequestContext;

const seeded = { members: [] as string[], items: {} as Record<string, string>, exchanges: [] as string[] };
const address = {
  name: '王小明',
  phone: '13800000001',
  province: '上海市',
  city: '上海市',
  district: '静安区',
  line: '南京西路 1266 号 恒隆广场 2 座 30 楼',
  postcode: '200040',
};

before(async () => {
  server = await startServer('e2e-mall');
  browser = await launchBrowser();
  main = await openPage(browser, server.baseUrl, { locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  page = main.page;
  api = main.context.request;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const rows = (scope: Page | Locator = page) => tableRows(scope);
/** An InputNumber by its test id (antd puts the id on the input or on its wrapper). */
const numberInput = (scope: Locator, id: string) =>
  scope.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
const dropdown = () => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

async function placeExchange(memberId: string, itemId: string, key: string, withAddress = true) {
  const res = await api.post('/api/v1/mall/exchanges', {
    data: { memberId, itemId, ...(withAddress ? { address } : {}) },
    headers: { 'idempotency-key': key },
  });
  assert.equal(res.status(), 201, await res.text());
  return ((await res.json()) as { id: string }).id;
}

test('signs in and seeds tiers, a coupon, members with points, items and exchanges', async () => {
  await page.goto('/');
  await page.waitForURL((url) => url.pathname === '/login');
  await loginThroughForm(page, server.tenant);
  const program = await api.put('/api/v1/loyalty/program', {
    data: {
      name: '会员俱乐部',
      tiers: [
        { code: 'silver', name: '银卡', threshold: 0 },
        { code: 'gold', name: '金卡', threshold: 500_000 },
        { code: 'black', name: '黑金', threshold: 2_000_000 },
      ],
    },
  });
  assert.equal(program.status(), 200, await program.text());
  const tpl = await post<{ id: string }>(api, '/coupon-templates', {
    name: '满 100 减 20',
    kind: 'cash_off',
    amountOffCents: 2000,
    thresholdCents: 10000,
    validity: { kind: 'relative', days: 30 },
    status: 'active',
  });
  for (const [i, name] of ['王小明', '李四', '张三', '赵六'].entries()) {
    const m = await post<{ id: string }>(api, '/members', { profile: { name, phone: `1380000000${i + 1}` } });
    const res = await api.post(`/api/v1/members/${m.id}/points/adjustments`, {
      data: { points: 5000, reason: '开业赠送' },
      headers: { 'idempotency-key': `seed-${m.id}` },
    });
    assert.equal(res.status(), 201, await res.text());
    seeded.members.push(m.id);
  }
  const item = (body: object) => post<{ id: string }>(api, '/mall/items', { status: 'active', ...body });
  seeded.items.cup = (
    await item({
      name: '品牌保温杯 500ml',
      kind: 'physical_gift',
      points: 1200,
      postageCents: 800,
      stock: 100,
      perMemberLimit: 2,
      sortOrder: 1,
      description: '316 不锈钢内胆，12 小时保温',
    })
  ).id;
  seeded.items.bag = (
    await item({ name: '帆布袋', kind: 'physical_gift', points: 300, stock: 3, sortOrder: 2 })
  ).id;
  seeded.items.coupon = (
    await item({
      name: '满 100 减 20 券',
      kind: 'coupon',
      points: 500,
      couponTemplateId: tpl.id,
      sortOrder: 3,
    })
  ).id;
  seeded.items.coffee = (
    await item({
      name: '合作咖啡馆 饮品券',
      kind: 'partner_benefit',
      points: 800,
      redemptionInstructions: '到任一合作门店出示此页面，兑换中杯饮品一杯',
      status: 'inactive',
      sortOrder: 4,
    })
  ).id;
  const [a, b, c, d] = seeded.members as [string, string, string, string];
  seeded.exchanges.push(await placeExchange(a, seeded.items.cup, 'x1'));
  seeded.exchanges.push(await placeExchange(b, seeded.items.bag, 'x2'));
  seeded.exchanges.push(await placeExchange(c, seeded.items.bag, 'x3'));
  seeded.exchanges.push(await placeExchange(d, seeded.items.coupon, 'x4', false));
  seeded.exchanges.push(await placeExchange(d, seeded.items.bag, 'x5'));
});

test('items: the shelf in order, a new item in the drawer with its live preview, then an edit', async () => {
  const [list] = await Promise.all([
    page.waitForResponse(isApi('/mall/items')),
    page.goto('/loyalty/mall/items'),
  ]);
  assert.equal(list.status(), 200);
  await page.getByRole('heading', { level: 4, name: '积分商城商品' }).waitFor();
  await tablesSettled(page);
  assert.equal(await rows().count(), 4);
  assert.match((await rows().first().textContent()) ?? '', /品牌保温杯/);
  assert.match((await rows().nth(1).textContent()) ?? '', /剩 0 \/ 共 3/, 'the bag sold out');
  await screenshot(page, 'mall-items.png');
  // The nav leads here, under the loyalty group.
  await page.locator('.ant-layout-sider').getByRole('menuitem', { name: '兑换订单' }).waitFor();

  await page.getByTestId('item-create').click();
  const drawer = page.locator('.ant-drawer-open');
  await drawer.getByTestId('item-name').fill('定制雨伞');
  const preview = drawer.getByTestId('item-preview');
  await preview.getByText('定制雨伞').waitFor();
  await numberInput(drawer, 'item-points').fill('2000');
  await numberInput(drawer, 'item-postage').fill('10');
  await numberInput(drawer, 'item-stock').fill('30');
  await numberInput(drawer, 'item-limit').fill('1');
  await drawer.getByTestId('item-min-tier').click();
  await dropdown().locator('.ant-select-item-option').filter({ hasText: '金卡及以上' }).click();
  await drawer.getByTestId('item-status').click();
  await dropdown().locator('.ant-select-item-option').filter({ hasText: '已上架' }).click();
  await preview.getByText('2,000 积分').waitFor();
  await preview.getByText('运费 ¥10.00').waitFor();
  await preview.getByText('仅剩 30 件').waitFor();
  await preview.getByText('每人限兑 1 件').waitFor();
  await preview.getByText('金卡及以上专享').waitFor();
  await screenshot(page, 'mall-item-drawer.png');
  const [created] = await Promise.all([
    page.waitForResponse(isApi('/mall/items', 'POST')),
    drawer.getByTestId('item-save').click(),
  ]);
  assert.equal(created.status(), 201, await created.text());
  const body = (await created.json()) as { postageCents: number; minTierRank: number; stock: number };
  assert.deepEqual([body.postageCents, body.minTierRank, body.stock], [1000, 2, 30]);
  await rows().filter({ hasText: '定制雨伞' }).waitFor();

  // Edit: three bags are exchanged already, so a total of 5 leaves 2.
  await rows().filter({ hasText: '帆布袋' }).click();
  await numberInput(drawer, 'item-stock').fill('5');
  await drawer.getByTestId('item-name').fill('帆布袋（加印版）');
  const [patched] = await Promise.all([
    page.waitForResponse(isApi(/\/mall\/items\/mit_\d+$/, 'PATCH')),
    drawer.getByTestId('item-save').click(),
  ]);
  assert.equal(patched.status(), 200, await patched.text());
  await rows().filter({ hasText: '剩 2 / 共 5' }).waitFor();
});

test('exchanges: filter, mark paid, ship, deliver — the history follows', async () => {
  const [list] = await Promise.all([
    page.waitForResponse(isApi('/mall/exchanges')),
    page.goto('/loyalty/mall/exchanges'),
  ]);
  assert.equal(list.status(), 200);
  await tablesSettled(page);
  assert.equal(await rows().count(), 5);
  await screenshot(page, 'mall-exchanges.png');

  await page.getByTestId('exchange-status-filter').click();
  const [filtered] = await Promise.all([
    page.waitForResponse(isApi('/mall/exchanges')),
    dropdown().locator('.ant-select-item-option').filter({ hasText: '待发货' }).click(),
  ]);
  assert.equal(new URL(filtered.url()).searchParams.get('status'), 'placed');
  await tablesSettled(page);
  assert.equal(await rows().count(), 4, 'the coupon was delivered at once');

  const cup = seeded.exchanges[0]!;
  await rows().filter({ hasText: cup }).click();
  const drawer = page.getByTestId('exchange-drawer');
  await drawer.getByTestId('exchange-ship-to').getByText('138****0001').waitFor();
  assert.ok(await drawer.getByTestId('exchange-ship').isDisabled(), 'postage unpaid: no shipping yet');
  await drawer.getByTestId('exchange-paid').click();
  await page.locator('.ant-modal').getByRole('textbox').fill('WX20250618001');
  await Promise.all([
    page.waitForResponse(isApi(`/mall/exchanges/${cup}/mark-paid`, 'POST')),
    page.getByTestId('paid-submit').click(),
  ]);
  await drawer.getByText('已支付').first().waitFor();
  await drawer.getByTestId('exchange-ship').click();
  await page.getByTestId('ship-carrier').locator('input').fill('顺丰速运 SF');
  await page.getByTestId('ship-tracking').fill('SF1400223344');
  await screenshot(page, 'mall-ship-modal.png');
  const [shipped] = await Promise.all([
    page.waitForResponse(isApi(`/mall/exchanges/${cup}/ship`, 'POST')),
    page.getByTestId('ship-submit').click(),
  ]);
  assert.equal(shipped.status(), 200, await shipped.text());
  await drawer.getByText('已由 顺丰速运 SF 发出，运单号 SF1400223344').waitFor();
  await drawer.getByTestId('exchange-deliver').click();
  await Promise.all([
    page.waitForResponse(isApi(`/mall/exchanges/${cup}/deliver`, 'POST')),
    page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click(),
  ]);
  await drawer.getByTestId('exchange-status').filter({ hasText: '已签收' }).waitFor();
  await screenshot(page, 'mall-exchange-drawer.png');
  await page.locator('.ant-drawer-close').click();
});

test('exchanges: cancel with a reason; the points go back', async () => {
  const bag = seeded.exchanges[1]!;
  await page.goto(`/loyalty/mall/exchanges?open=${bag}`);
  const drawer = page.getByTestId('exchange-drawer');
  await drawer.getByTestId('exchange-cancel').click();
  await page.getByText('300 积分将退回原来的积分批次').waitFor();
  await page.getByTestId('cancel-reason').fill('会员地址无法送达');
  await screenshot(page, 'mall-cancel-modal.png');
  const [cancelled] = await Promise.all([
    page.waitForResponse(isApi(`/mall/exchanges/${bag}/cancel`, 'POST')),
    page.getByTestId('cancel-submit').click(),
  ]);
  assert.equal(cancelled.status(), 200, await cancelled.text());
  await drawer.getByText('已取消：会员地址无法送达').waitFor();
  const points = (await (await api.get(`/api/v1/members/${seeded.members[1]}/points`)).json()) as {
    available: number;
    held: number;
  };
  assert.deepEqual([points.available, points.held], [5000, 0]);
  await page.locator('.ant-drawer-close').click();
});

test('bulk ship: one good line, one bad — errors by line', async () => {
  await page.goto('/loyalty/mall/exchanges');
  await tablesSettled(page);
  await page.getByTestId('bulk-ship').click();
  const csv = [
    'exchange_id,carrier,tracking_no',
    `${seeded.exchanges[2]},中通 ZTO,ZT7788990011`,
    `${seeded.exchanges[1]},中通 ZTO,ZT7788990012`,
    'mex_999999,中通 ZTO,ZT7788990013',
  ].join('\n');
  await page.getByTestId('bulk-paste').fill(csv);
  const [res] = await Promise.all([
    page.waitForResponse(isApi('/mall/exchanges/bulk-ship', 'POST')),
    page.getByTestId('bulk-submit').click(),
  ]);
  const out = (await res.json()) as { shipped: number; failed: number };
  assert.deepEqual([out.shipped, out.failed], [1, 2]);
  const errors = page.getByTestId('bulk-errors');
  await errors.getByText('the exchange was cancelled').waitFor();
  await screenshot(page, 'mall-bulk-ship.png');
  await page
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /关\s*闭/ })
    .click();
  await rows().filter({ hasText: seeded.exchanges[2]! }).filter({ hasText: '已发货' }).waitFor();
  assert.deepEqual(main.errors, []);
});

test('in English on a phone: both screens fit 390 px, the drawer and the preview too', async () => {
  const phone = await openPage(browser, server.baseUrl, {
    locale: 'en-US',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const p = phone.page;
  await p.goto('/login');
  await loginThroughForm(p, server.tenant);
  await p.evaluate("localStorage.setItem('siyu.lang', 'en')");
  await p.goto('/loyalty/mall/items');
  await p.getByRole('heading', { level: 4, name: 'Points mall items' }).waitFor();
  await tablesSettled(p);
  assert.equal(await horizontalOverflow(p), 0);
  await screenshot(p, 'mobile-mall-items.png');
  await rows(p).filter({ hasText: '品牌保温杯' }).click();
  await p.getByTestId('item-preview').waitFor();
  await p.getByTestId('item-preview').getByText('1,200 points').waitFor();
  await screenshot(p, 'mobile-mall-item-drawer.png');
  // The preview card sits below the form on a phone.
  await p.getByTestId('item-preview').scrollIntoViewIfNeeded();
  await p.getByTestId('item-preview').screenshot({ path: `${screenshotDir}mobile-mall-item-preview.png` });
  await p.locator('.ant-drawer-close').click();

  await p.goto('/loyalty/mall/exchanges');
  await p.getByRole('heading', { level: 4, name: 'Exchange orders' }).waitFor();
  await tablesSettled(p);
  assert.equal(await horizontalOverflow(p), 0);
  await screenshot(p, 'mobile-mall-exchanges.png');
  await rows(p).filter({ hasText: seeded.exchanges[4]! }).click();
  const drawer = p.getByTestId('exchange-drawer');
  await drawer.getByText('To ship').waitFor();
  assert.equal(await horizontalOverflow(p), 0);
  await screenshot(p, 'mobile-mall-exchange-drawer.png');
  assert.deepEqual(phone.errors, []);
  await phone.context.close();
});
