// The member centre and orders in a real browser against a real server (with its job worker):
// find a member, open Customer 360, see an order on the timeline, reveal the phone, undo a merge,
// import a CSV of orders with one bad line, and the same screens in English and on a phone.
// Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { phone, type Seeded, seedMembersAndOrders } from './members-seed.ts';
import {
  type E2eServer,
  horizontalOverflow,
  isApi,
  launchBrowser,
  loginThroughForm,
  openPage,
  screenshot,
  startServer,
  type TrackedPage,
  tableRows,
  tablesSettled,
} from './support.ts';

let server: E2eServer;
let browser: Browser;
let main: TrackedPage;
let page: Page;

let seeded: Seeded;

before(async () => {
  server = await startServer('e2e-members', { work: true });
  browser = await launchBrowser();
  main = await openPage(browser, server.baseUrl, { locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  page = main.page;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const rows = (scope: Page | ReturnType<Page['locator']> = page) => tableRows(scope);

test('signs in and seeds a store, products, members, orders and a merge', async () => {
  await page.goto('/');
  await page.waitForURL((url) => url.pathname === '/login');
  await loginThroughForm(page, server.tenant);
  seeded = await seedMembersAndOrders(main.context.request);
});

test('finds a member by phone in the members list', async () => {
  const sider = page.locator('.ant-layout-sider');
  const [list] = await Promise.all([
    page.waitForResponse(isApi('/members')),
    sider.getByRole('menuitem', { name: '会员' }).click(),
  ]);
  assert.equal(list.status(), 200);
  await page.waitForURL((url) => url.pathname === '/members');
  await page.getByRole('heading', { level: 4, name: '会员' }).waitFor();
  await rows().nth(1).waitFor();
  assert.equal(await rows().count(), 2, 'the merged card member is not listed');
  await tablesSettled(page);
  await screenshot(page, 'members-list.png');

  const search = page.getByPlaceholder('手机号、卡号、openid 或姓名');
  await search.fill(phone);
  const [found] = await Promise.all([page.waitForResponse(isApi('/members')), search.press('Enter')]);
  assert.equal(new URL(found.url()).searchParams.get('q'), phone);
  await rows().filter({ hasText: '李四' }).waitFor({ state: 'detached' });
  assert.equal(await rows().count(), 1);
  const text = (await rows().first().textContent()) ?? '';
  assert.match(text, /王小明/);
  assert.match(text, /138\*{4}0001/, 'the phone is shown masked');
  assert.doesNotMatch(text, new RegExp(phone));

  // By the store card the merged member brought along.
  await search.fill('CARD-E2E-9');
  const [byCard] = await Promise.all([page.waitForResponse(isApi('/members')), search.press('Enter')]);
  assert.equal(((await byCard.json()) as { total: number }).total, 1);
  await rows().filter({ hasText: '王小明' }).waitFor();
});

test('opens Customer 360: profile with provenance, and the phone revealed with a reason', async () => {
  await Promise.all([
    page.waitForResponse(isApi(`/members/${seeded.memberId}`)),
    rows().filter({ hasText: '王小明' }).click(),
  ]);
  await page.waitForURL((url) => url.pathname === `/members/${seeded.memberId}`);
  await page.getByRole('heading', { level: 4, name: '客户 360' }).waitFor();
  // Field values follow the tenant's merge rules (newest non-empty): the card's name won.
  assert.equal(await page.getByTestId('member-name').textContent(), '王小明（会员卡）');
  assert.equal(await page.getByTestId('member-phone').textContent(), '138****0001');
  // Every profile field names where its value came from.
  await page.getByTestId('provenance').first().waitFor();
  // The name came with the card (the merge took the newest value), the phone from the console.
  const provenance = page.getByTestId('provenance');
  assert.match((await provenance.nth(0).textContent()) ?? '', /^门店 POS · \d{4}-\d\d-\d\d$/);
  assert.match((await provenance.nth(1).textContent()) ?? '', /^控制台 · \d{4}-\d\d-\d\d$/);

  await page.getByTestId('unmask-phone').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('查看完整手机号').waitFor();
  await dialog.getByTestId('unmask-reason').fill('顾客来电核实身份');
  const [revealed] = await Promise.all([
    page.waitForResponse(isApi(`/members/${seeded.memberId}/unmask-phone`, 'POST')),
    dialog.getByTestId('unmask-confirm').click(),
  ]);
  assert.equal(revealed.status(), 200, await revealed.text());
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('member-phone').getByText(phone).waitFor();
});

test('the timeline shows orders and refunds from every channel, lines on demand', async () => {
  const [timeline] = await Promise.all([
    page.waitForResponse(isApi(`/members/${seeded.memberId}/orders`)),
    page.getByRole('tab', { name: '订单与退款' }).click(),
  ]);
  assert.equal(timeline.status(), 200);
  const pos = page.getByTestId('timeline-order-POS-E2E-1');
  await pos.waitFor();
  assert.match((await pos.textContent()) ?? '', /门店 POS.*POS-E2E-1.*部分退款/);
  await page.getByTestId('timeline-order-WX-E2E-2').getByText('微商城').waitFor();
  await page.getByTestId('timeline-refund-RF-E2E-1').getByText('尺寸不合适', { exact: false }).waitFor();

  await Promise.all([
    page.waitForResponse(isApi(/^\/api\/v1\/orders\/ord_/)),
    pos.getByTestId('timeline-lines-toggle').click(),
  ]);
  const lines = pos.getByTestId('order-lines');
  await rows(lines).nth(1).waitFor();
  assert.match((await rows(lines).first().textContent()) ?? '', /SKU-1/);
  await tablesSettled(page);
  await screenshot(page, 'member-360.png');
});

test('undoes the merge from the merge history', async () => {
  await page.getByRole('tab', { name: /合并记录/ }).click();
  const history = page.getByTestId('merges-table');
  await rows(history).first().waitFor();
  assert.match((await rows(history).first().textContent()) ?? '', /同一顾客.*生效中/);
  await history.getByTestId(`undo-${seeded.mergeId}`).click();
  const confirm = page.locator('.ant-modal-confirm');
  await confirm.locator('.ant-modal-confirm-title').getByText('撤销这次合并？').waitFor();
  const [undone, reloaded] = await Promise.all([
    page.waitForResponse(isApi(`/members/merges/${seeded.mergeId}/undo`, 'POST')),
    page.waitForResponse(isApi(`/members/${seeded.memberId}`)),
    confirm.getByTestId('undo-confirm').click(),
  ]);
  assert.equal(undone.status(), 200, await undone.text());
  assert.deepEqual(await undone.json(), { survivorId: seeded.memberId, restoredId: seeded.cardMemberId });
  assert.equal(reloaded.status(), 200);
  await page.locator('.ant-message').getByText('已撤销合并').waitFor();
  await history.getByText('已撤销', { exact: true }).waitFor();
  // Both come back as they were before the merge.
  assert.equal(await page.getByTestId('member-name').textContent(), '王小明');
  assert.equal(await history.getByTestId(`undo-${seeded.mergeId}`).count(), 0, 'an undone merge has no undo');

  // The card member is a person of their own again.
  const card = await main.context.request.get(`/api/v1/members/${seeded.cardMemberId}`);
  assert.equal(((await card.json()) as { status: string }).status, 'active');
  await page.getByRole('tab', { name: /身份/ }).click();
  await rows(page.getByTestId('identities-table')).first().waitFor();
  assert.equal(await page.getByTestId('identities-table').getByText('CARD-E2E-9').count(), 0);
});

const csv = [
  'channel,external_id,paid_at,store_code,guide_username,member_phone,sku,qty,unit_price,paid_amount,discount,coupon_codes',
  `store_pos,IMP-E2E-1,2025-08-01 20:15:00,SH01,,${phone},SKU-1,2,10.00,18,2,WELCOME5`,
  'store_pos,IMP-E2E-2,2025-08-01 21:00:00,SH01,,,SKU-2,1,20,20,,',
  'store_pos,IMP-E2E-3,2025-08-01 21:30:00,SH01,,,NOPE,1,30,30,,', // line 4: unknown SKU
].join('\n');

test('imports a CSV of orders: preview shows the bad line, the good ones land', async () => {
  await Promise.all([page.waitForResponse(isApi('/orders')), page.goto('/orders')]);
  await page.getByRole('heading', { level: 4, name: '订单' }).waitFor();
  await rows().nth(1).waitFor();
  await Promise.all([
    page.waitForResponse(isApi('/imports')),
    page.getByTestId('orders-tabs').getByRole('tab', { name: '导入' }).click(),
  ]);
  await page.waitForURL((url) => url.pathname === '/orders/imports');
  const wizard = page.getByTestId('import-wizard');
  const [preview] = await Promise.all([
    page.waitForResponse(isApi('/imports/preview', 'POST')),
    wizard
      .locator('input[type="file"]')
      .setInputFiles({ name: 'pos-0801.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }),
  ]);
  assert.equal(preview.status(), 200, await preview.text());
  const errors = page.getByTestId('preview-errors');
  await rows(errors).first().waitFor();
  assert.equal(await rows(errors).count(), 1);
  const cells = rows(errors).first().locator('td');
  assert.equal(await cells.nth(0).textContent(), '4');
  assert.equal(await cells.nth(1).textContent(), 'sku');
  await page.getByText('有 1 行存在错误，将被跳过；修正后可再次导入。').waitFor();
  await tablesSettled(page);
  await screenshot(page, 'orders-import-preview.png');

  const [created] = await Promise.all([
    page.waitForResponse(isApi('/imports', 'POST')),
    page.getByTestId('import-commit').click(),
  ]);
  assert.equal(created.status(), 202, await created.text());
  const summary = page.getByTestId('import-summary');
  await page.locator('[data-testid="import-summary"][data-status="done"]').waitFor({ timeout: 60_000 });
  await summary.getByTestId('import-progress').getByText('100%').waitFor();
  assert.equal(
    await page.getByTestId('import-succeeded').locator('.ant-statistic-content-value').textContent(),
    '2',
  );
  assert.equal(
    await page.getByTestId('import-failed').locator('.ant-statistic-content-value').textContent(),
    '1',
  );
  await rows(page.getByTestId('import-job-errors')).first().waitFor();
  await rows(page.getByTestId('imports-table'))
    .filter({ hasText: 'pos-0801.csv' })
    .getByText('已完成')
    .waitFor();
  await tablesSettled(page);
  await screenshot(page, 'orders-import-done.png');

  // The good rows landed; the bad one did not.
  const listed = await main.context.request.get('/api/v1/orders?limit=50');
  const ids = ((await listed.json()) as { items: { externalId: string }[] }).items.map((o) => o.externalId);
  assert.ok(ids.includes('IMP-E2E-1') && ids.includes('IMP-E2E-2'), ids.join(','));
  assert.ok(!ids.includes('IMP-E2E-3'));
  await Promise.all([
    page.waitForResponse(isApi('/orders')),
    page.getByRole('tab', { name: '订单' }).click(),
  ]);
  await rows().filter({ hasText: 'IMP-E2E-1' }).waitFor();
});

test('an order shows its lines, coupons, refunds and what its revision changed', async () => {
  await Promise.all([
    page.waitForResponse(isApi(/^\/api\/v1\/orders\/ord_/)),
    rows().filter({ hasText: 'POS-E2E-1' }).click(),
  ]);
  await page.getByRole('heading', { level: 4, name: '订单详情' }).waitFor();
  assert.equal(await page.getByTestId('order-external-id').textContent(), 'POS-E2E-1');
  await rows(page.getByTestId('order-lines')).nth(1).waitFor();
  await page.locator('.ant-tag').getByText('VIP', { exact: true }).waitFor();
  assert.match(
    (await rows(page.getByTestId('order-refunds')).first().textContent()) ?? '',
    /RF-E2E-1.*已退款/,
  );
  // The newest revision is open, with the field that changed.
  const changes = page.locator('.ant-collapse-item-active');
  await changes.getByText('couponCodes[1]').waitFor();
  await tablesSettled(page);
  await screenshot(page, 'order-detail.png');
});

test('creates a product through the modal', async () => {
  await Promise.all([page.waitForResponse(isApi('/products')), page.goto('/orders/products')]);
  await rows().nth(2).waitFor();
  await page.getByTestId('product-create').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('新建商品').waitFor();
  await dialog.locator('input[name="sku"]').fill('SKU-NEW');
  await dialog.locator('input[name="name"]').fill('钛架近视眼镜');
  await dialog.locator('input[name="categoryPath"]').fill('镜架/钛架');
  await dialog.locator('input[name="price"]').fill('299.5');
  const [created] = await Promise.all([
    page.waitForResponse(isApi('/products', 'POST')),
    dialog.getByTestId('product-save').click(),
  ]);
  assert.equal(created.status(), 201, await created.text());
  assert.equal(((await created.json()) as { priceCents: number }).priceCents, 29950);
  await dialog.waitFor({ state: 'hidden' });
  await rows().filter({ hasText: 'SKU-NEW' }).getByText('¥299.50').waitFor();
  await tablesSettled(page);
  await screenshot(page, 'products.png');
});

test('the same screens in English', async () => {
  await page.getByTestId('lang-switch').click();
  await page.getByRole('heading', { level: 4, name: 'Products', exact: true }).waitFor();
  await Promise.all([page.waitForResponse(isApi('/imports')), page.goto('/orders/imports')]);
  await page.getByRole('heading', { level: 4, name: 'Imports' }).waitFor();
  await page.getByText('Click or drop a CSV file here').waitFor();
  await tablesSettled(page);
  await screenshot(page, 'orders-import-en.png');

  await Promise.all([page.waitForResponse(isApi('/members')), page.goto('/members')]);
  await page.getByRole('heading', { level: 4, name: 'Members' }).waitFor();
  await rows().nth(2).waitFor(); // the card member is back as a member of their own
  await tablesSettled(page);
  await screenshot(page, 'members-list-en.png');

  await Promise.all([
    page.waitForResponse(isApi(`/members/${seeded.memberId}/orders`)),
    page.goto(`/members/${seeded.memberId}?tab=timeline`),
  ]);
  await page.getByRole('tab', { name: 'Orders & refunds' }).waitFor();
  await page.getByTestId('timeline-order-POS-E2E-1').getByText('Partly refunded').waitFor();
  await screenshot(page, 'member-360-en.png');

  await page.getByRole('tab', { name: 'Profile' }).click();
  await page.getByTestId('provenance').first().waitFor();
  await screenshot(page, 'member-360-profile-en.png');
  await page.getByTestId('lang-switch').click();
  await page.getByRole('tab', { name: '资料' }).waitFor();
});

test('members, Customer 360 and imports fit a phone', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.getByRole('button', { name: '菜单' }).waitFor();
    await Promise.all([page.waitForResponse(isApi('/members')), page.goto('/members')]);
    await rows().nth(1).waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'members list: nothing sticks out sideways');
    await tablesSettled(page);
    await screenshot(page, 'mobile-members-list.png');

    await Promise.all([
      page.waitForResponse(isApi(`/members/${seeded.memberId}/orders`)),
      page.goto(`/members/${seeded.memberId}?tab=timeline`),
    ]);
    await page.getByTestId('timeline-order-POS-E2E-1').waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'customer 360: nothing sticks out sideways');
    await screenshot(page, 'mobile-member-360.png');
    await page.getByRole('tab', { name: '资料' }).click();
    await page.getByTestId('provenance').first().waitFor();
    assert.equal(await horizontalOverflow(page), 0);
    await screenshot(page, 'mobile-member-360-profile.png');

    await Promise.all([page.waitForResponse(isApi('/imports')), page.goto('/orders/imports')]);
    await rows(page.getByTestId('imports-table')).first().waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'imports: nothing sticks out sideways');
    await tablesSettled(page);
    await screenshot(page, 'mobile-import.png');
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('the page raised no script errors', () => {
  assert.deepEqual(main.errors, []);
});
