// The loyalty console in a real browser against a real server (with its job worker): set up a
// programme with tiers (a field error from the server, reorder, remove), earn rules, run the
// simulator and read its steps, create a coupon template and issue it, see the funnel move when a
// coupon is redeemed, adjust a member's points and read the journal — then the same screens in
// English and on a phone in both languages. Screenshots go to test-results/screenshots/.
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

const phone = '13800000001';
const seeded = { storeId: '', memberId: '', otherId: '', giftTemplateId: '', templateId: '' };

before(async () => {
  server = await startServer('e2e-loyalty', { work: true });
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
const dropdown = () => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

/** Opens a select by its test id, optionally types to search, and picks the option with the text. */
async function pick(scope: Page | Locator, testId: string, option: string, typed?: string) {
  await scope.getByTestId(testId).click();
  if (typed) await page.keyboard.type(typed);
  await dropdown().locator('.ant-select-item-option').filter({ hasText: option }).first().click();
}

/** A full-page screenshot from the top (the sticky header and sider stay in place), no hover left over. */
async function snap(name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, name);
}

async function get<T>(path: string): Promise<T> {
  const res = await api.get(`/api/v1${path}`);
  assert.equal(res.status(), 200, `${path} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Settlement runs on the job worker: waits until the member's tier is the one expected. */
async function waitForTier(memberId: string, code: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const tier = await get<{ tier: { code: string } | null }>(`/members/${memberId}/tier`);
    if (tier.tier?.code === code) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`member ${memberId} did not reach tier ${code}`);
}

test('signs in and seeds a store, products, members and a gift coupon template', async () => {
  await page.goto('/');
  await page.waitForURL((url) => url.pathname === '/login');
  await loginThroughForm(page, server.tenant);
  const store = await post<{ id: string }>(api, '/stores', { code: 'SH01', name: '上海一店', city: '上海' });
  seeded.storeId = store.id;
  await post(api, '/products/bulk', {
    items: [
      { sku: 'SKU-1', name: '金属框眼镜', categoryPath: '镜架/金属框', priceCents: 100000 },
      { sku: 'SKU-2', name: '护理液', categoryPath: '护理液', priceCents: 5000 },
    ],
  });
  seeded.memberId = (
    await post<{ id: string }>(api, '/members', {
      profile: { name: '王小明', phone, city: '上海', homeStoreId: store.id },
      join: { channel: 'store_pos', storeId: store.id },
    })
  ).id;
  seeded.otherId = (
    await post<{ id: string }>(api, '/members', { profile: { name: '李四', phone: '13900000002' } })
  ).id;
  seeded.giftTemplateId = (
    await post<{ id: string }>(api, '/coupon-templates', {
      name: '金卡升级礼',
      kind: 'cash_off',
      amountOffCents: 5000,
      validity: { kind: 'relative', days: 30 },
      status: 'active',
    })
  ).id;
});

test('sets up the programme and its tiers; the server’s field error lands on the tier', async () => {
  const sider = page.locator('.ant-layout-sider');
  await sider.getByRole('menuitem', { name: '积分与权益' }).click();
  const [loaded] = await Promise.all([
    page.waitForResponse(isApi('/loyalty/program')),
    sider.getByRole('menuitem', { name: '会员体系与等级' }).click(),
  ]);
  assert.equal(loaded.status(), 404, 'no programme yet');
  await page.waitForURL((url) => url.pathname === '/loyalty/program');
  await page.getByRole('heading', { level: 4, name: '会员体系与等级' }).waitFor();
  await page.getByText('还没有会员体系').waitFor();

  await page.getByTestId('program-name').fill('私域会员计划');
  await page.getByTestId('tier-add').click();
  await page.getByTestId('tier-add').click();
  const tier0 = page.getByTestId('tier-0');
  const tier1 = page.getByTestId('tier-1');
  await tier0.getByTestId('tier-0-code').fill('silver');
  await tier0.getByTestId('tier-0-name').fill('银卡');
  await tier0.getByTestId('tier-0-threshold').fill('0');
  await tier1.getByTestId('tier-1-code').fill('gold');
  await tier1.getByTestId('tier-1-name').fill('金卡');
  await tier1.getByTestId('tier-1-threshold').fill('0'); // not above the tier before it
  await tier1.getByTestId('tier-1-multiplier').fill('1.5');
  await tier1.getByTestId('tier-1-discount').fill('95');
  await tier1.getByTestId('tier-1-shipping').click();
  await pick(tier1, 'tier-1-upgrade-coupon', '金卡升级礼');

  // A third tier, moved up and removed again: reorder and remove work on the list.
  await page.getByTestId('tier-add').click();
  await page.getByTestId('tier-2-name').fill('临时');
  await page.getByTestId('tier-2').getByRole('button', { name: '上移' }).click();
  assert.equal(await page.getByTestId('tier-1-name').inputValue(), '临时');
  await page.getByTestId('tier-1-remove').click();
  assert.equal(await page.getByTestId('tier-1-name').inputValue(), '金卡');
  assert.equal(await page.getByTestId('tier-2').count(), 0);

  const [rejected] = await Promise.all([
    page.waitForResponse(isApi('/loyalty/program', 'PUT')),
    page.getByTestId('program-save').first().click(),
  ]);
  assert.equal(rejected.status(), 400);
  await tier1
    .locator('.ant-form-item-explain-error')
    .getByText(/must be above the threshold/)
    .waitFor();
  await snap('loyalty-program-error.png');

  await tier1.getByTestId('tier-1-threshold').fill('1000');
  const [saved] = await Promise.all([
    page.waitForResponse(isApi('/loyalty/program', 'PUT')),
    page.getByTestId('program-save').first().click(),
  ]);
  assert.equal(saved.status(), 200, await saved.text());
  const program = (await saved.json()) as {
    tiers: { code: string; threshold: number; benefits: Record<string, unknown> }[];
  };
  assert.deepEqual(
    program.tiers.map((t) => [t.code, t.threshold]),
    [
      ['silver', 0],
      ['gold', 100000],
    ],
    'thresholds typed in yuan are sent in cents',
  );
  assert.deepEqual(program.tiers[1]?.benefits, {
    pointsMultiplier: 1.5,
    discountRate: 0.95,
    freeShipping: true,
    upgradeCouponTemplateId: seeded.giftTemplateId,
  });
  await page.getByText('会员体系已保存').waitFor();
  await page.getByText('还没有会员体系').waitFor({ state: 'detached' });
  await snap('loyalty-program.png');

  await page.getByTestId('program-evaluate').click();
  const [evaluated] = await Promise.all([
    page.waitForResponse(isApi('/loyalty/evaluate', 'POST')),
    page.locator('.ant-popconfirm .ant-btn-primary').click(),
  ]);
  assert.equal(evaluated.status(), 200);
  await page.getByText('等级评估完成').waitFor();
});

async function saveRule(): Promise<Record<string, unknown>> {
  const drawer = page.locator('.ant-drawer-content-wrapper');
  const [created] = await Promise.all([
    page.waitForResponse(isApi('/loyalty/rules', 'POST')),
    drawer.getByTestId('rule-save').click(),
  ]);
  assert.equal(created.status(), 201, await created.text());
  await drawer.waitFor({ state: 'detached' });
  return (await created.json()) as Record<string, unknown>;
}

test('adds a base rate, a campaign multiplier for a category and a check-in action', async () => {
  const sider = page.locator('.ant-layout-sider');
  await Promise.all([
    page.waitForResponse(isApi('/loyalty/rules')),
    sider.getByRole('menuitem', { name: '积分规则' }).click(),
  ]);
  await page.getByRole('heading', { level: 4, name: '积分规则' }).waitFor();

  await page.getByTestId('rule-create').click();
  const drawer = page.locator('.ant-drawer-content-wrapper');
  await drawer.getByTestId('rule-name').fill('基础积分');
  await drawer.getByTestId('rule-rate').fill('1');
  const base = await saveRule();
  assert.equal(base.kind, 'base');

  await page.getByTestId('rule-create').click();
  await drawer.getByTestId('rule-kind').getByText('活动倍率').click();
  await drawer.getByTestId('rule-name').fill('镜架双倍');
  await drawer.getByTestId('rule-rate').fill('2');
  await drawer.getByTestId('rule-categories').click();
  await page.keyboard.type('镜架');
  await page.keyboard.press('Enter');
  const multiplier = await saveRule();
  assert.deepEqual(
    [multiplier.kind, multiplier.rate, multiplier.categoryPrefixes],
    ['multiplier', 2, ['镜架']],
  );

  await page.getByTestId('rule-create').click();
  await drawer.getByTestId('rule-kind').getByText('行为积分').click();
  await drawer.getByTestId('rule-name').fill('每日签到');
  await drawer.getByTestId('rule-points').fill('5');
  await drawer.locator('#limitPerDay').fill('1');
  const action = await saveRule();
  assert.deepEqual([action.action, action.points, action.limitPerDay], ['check_in', 5, 1]);

  await rows(page.getByTestId('rules-table')).nth(2).waitFor();
  // Retire the check-in rule by editing it: the table marks it.
  const checkIn = rows(page.getByTestId('rules-table')).filter({ hasText: '每日签到' });
  await checkIn.getByRole('button', { name: '每日签到' }).click();
  await drawer.getByTestId('rule-active').click();
  const [updated] = await Promise.all([
    page.waitForResponse(isApi(/^\/api\/v1\/loyalty\/rules\/ern_\d+$/, 'PUT')),
    drawer.getByTestId('rule-save').click(),
  ]);
  assert.equal(updated.status(), 200, await updated.text());
  assert.equal(((await updated.json()) as { active: boolean }).active, false);
  await checkIn.getByText('已停用').waitFor();

  await page.getByRole('tab', { name: '活动倍率 (1)' }).click();
  await rows(page.getByTestId('rules-table')).filter({ hasText: '镜架双倍' }).getByText('× 2').waitFor();
  await page.getByRole('tab', { name: '全部 (3)' }).click();
});

test('the simulator shows the points, growth and each step, with and without a member’s tier', async () => {
  // An order of ¥2,000 makes 王小明 a gold member (settled by the job worker).
  await post(api, '/orders', {
    channel: 'store_pos',
    externalId: 'POS-LOY-1',
    storeId: seeded.storeId,
    member: { kind: 'phone', value: phone },
    lines: [{ sku: 'SKU-1', qty: 2, unitPriceCents: 100000, paidCents: 200000 }],
    paidAt: new Date().toISOString(),
  });
  await waitForTier(seeded.memberId, 'gold');

  const sim = page.getByTestId('simulator');
  await sim.getByTestId('sim-line-0-sku').fill('SKU-1');
  await sim.getByTestId('sim-line-0-paid').fill('123.45');
  await sim.getByTestId('sim-add-line').click();
  await sim.getByTestId('sim-line-1-sku').fill('SKU-2');
  await sim.getByTestId('sim-line-1-paid').fill('50');
  const [first] = await Promise.all([
    page.waitForResponse(isApi('/loyalty/simulate', 'POST')),
    sim.getByTestId('sim-run').click(),
  ]);
  assert.equal(first.status(), 200, await first.text());
  // ¥123.45 of frames × 1 × 2 + ¥50 of care × 1 = 296.9, floored.
  await sim.getByTestId('sim-points').getByText('296').waitFor();
  const steps = sim.getByTestId('sim-step');
  assert.equal(await steps.count(), 4, 'two lines, rounding, growth');
  assert.match(
    (await steps.nth(0).textContent()) ?? '',
    /商品行基础积分= 246\.9SKU-1 ¥123\.45 × 1 pt\/¥ \(基础积分\) × 2 \(镜架双倍\)/,
  );
  assert.match((await steps.nth(2).textContent()) ?? '', /^取整= 296/);

  await pick(sim, 'sim-member', '王小明', phone);
  const [second] = await Promise.all([
    page.waitForResponse(isApi('/loyalty/simulate', 'POST')),
    sim.getByTestId('sim-run').click(),
  ]);
  assert.equal(((await second.json()) as { tier: { code: string } }).tier.code, 'gold');
  await sim.getByTestId('sim-points').getByText('445').waitFor(); // 296.9 × 1.5 = 445.35
  await steps.filter({ hasText: '等级倍率' }).getByText('× 1.5 (金卡)').waitFor();
  await tablesSettled(page);
  await snap('loyalty-rules.png');
});

test('creates a coupon template, issues it by pasted ids, and sees the funnel move on a redemption', async () => {
  const sider = page.locator('.ant-layout-sider');
  await Promise.all([
    page.waitForResponse(isApi('/coupon-templates')),
    sider.getByRole('menuitem', { name: '优惠券' }).click(),
  ]);
  await page.getByRole('heading', { level: 4, name: '优惠券' }).waitFor();
  await rows(page.getByTestId('templates-table'))
    .filter({ hasText: '金卡升级礼' })
    .getByText('减 ¥50.00')
    .waitFor();

  await page.getByTestId('template-create').click();
  const drawer = page.locator('.ant-drawer-content-wrapper');
  await drawer.getByTestId('template-name').fill('满100减20');
  await drawer.getByTestId('template-amount-off').fill('20');
  await drawer.getByTestId('template-threshold').fill('100');
  await drawer.getByTestId('template-stock').fill('100');
  await drawer.getByTestId('template-kind').getByText('折扣券').click();
  await drawer.getByTestId('template-percent-off').waitFor();
  assert.equal(
    await drawer.getByTestId('template-amount-off').count(),
    0,
    'kind-specific fields follow the kind',
  );
  await drawer.getByTestId('template-kind').getByText('满减券').click();
  await drawer.getByTestId('template-amount-off').fill('20');
  await snap('coupon-template-form.png');
  const [created] = await Promise.all([
    page.waitForResponse(isApi('/coupon-templates', 'POST')),
    drawer.getByTestId('template-save').click(),
  ]);
  assert.equal(created.status(), 201, await created.text());
  const template = (await created.json()) as Record<string, unknown> & { id: string };
  seeded.templateId = template.id;
  assert.deepEqual(
    [template.kind, template.amountOffCents, template.thresholdCents, template.stockTotal, template.status],
    ['cash_off', 2000, 10000, 100, 'active'],
  );
  await page.waitForURL((url) => url.pathname === `/loyalty/coupons/${template.id}`);
  await page.getByTestId('template-benefit').getByText('减 ¥20.00（满 ¥100.00 可用）').waitFor();
  await page.getByTestId('funnel-issued').getByText('0').waitFor();

  // An active template keeps its value; its limits may still change.
  await page.getByTestId('template-edit').click();
  await drawer.getByText('模板离开草稿状态后').waitFor();
  assert.ok(await drawer.getByTestId('template-amount-off').isDisabled());
  await drawer.getByTestId('template-per-member').fill('2');
  const [patched] = await Promise.all([
    page.waitForResponse(isApi(`/coupon-templates/${template.id}`, 'PATCH')),
    drawer.getByTestId('template-save').click(),
  ]);
  assert.equal(patched.status(), 200, await patched.text());
  assert.equal(((await patched.json()) as { perMemberLimit: number }).perMemberLimit, 2);
  await drawer.waitFor({ state: 'detached' });

  await page.getByTestId('template-issue').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('tab', { name: '粘贴会员 ID' }).click();
  await dialog.getByTestId('issue-paste').fill(`${seeded.memberId}\n${seeded.otherId}, foo`);
  await dialog.getByTestId('issue-submit').click();
  await dialog.getByText('不是会员 ID：foo').waitFor();
  await dialog.getByTestId('issue-paste').fill(`${seeded.memberId}\n${seeded.otherId}`);
  const [issued] = await Promise.all([
    page.waitForResponse(isApi(`/coupon-templates/${template.id}/issue`, 'POST')),
    dialog.getByTestId('issue-submit').click(),
  ]);
  assert.equal(issued.status(), 200, await issued.text());
  assert.ok(issued.request().headers()['idempotency-key'], 'issuing sends an idempotency key');
  await dialog.getByText('已发放 2 张，跳过 0 位').waitFor();
  await dialog.getByTestId('issue-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('funnel-issued').getByText('2').waitFor();
  await rows(page.getByTestId('template-coupons')).nth(1).waitFor();

  // 王小明 uses the coupon at the till: the funnel shows the redemption and the sales it drove.
  const coupons = await get<{ items: { code: string; memberId: string }[] }>(
    `/coupons?templateId=${template.id}`,
  );
  const mine = coupons.items.find((c) => c.memberId === seeded.memberId)!;
  const redeemed = await api.post('/api/v1/coupons/redeem', {
    headers: { 'Idempotency-Key': 'e2e-redeem-1' },
    data: {
      code: mine.code,
      memberId: seeded.memberId,
      order: {
        channel: 'store_pos',
        externalOrderId: 'POS-LOY-2',
        storeId: seeded.storeId,
        totalCents: 15000,
        lines: [{ sku: 'SKU-2', qty: 3, amountCents: 15000 }],
      },
    },
  });
  assert.equal(redeemed.status(), 201, await redeemed.text());
  await Promise.all([
    page.waitForResponse(isApi(`/coupon-templates/${template.id}/funnel`)),
    page.getByTestId('funnel').getByRole('button', { name: '刷新' }).click(),
  ]);
  await page.getByTestId('funnel-redeemed').getByText('1').waitFor();
  await page.getByTestId('funnel-conversion').getByText('50.0').waitFor();
  await page.getByTestId('funnel-sales').getByText('¥130.00').waitFor();
  await page.getByTestId('funnel-chart').locator('canvas').first().waitFor();
  await page.getByTestId('funnel-series').locator('canvas').first().waitFor();
  await rows(page.getByTestId('template-coupons')).filter({ hasText: '已使用' }).waitFor();
  await tablesSettled(page);
  await page.waitForTimeout(1000); // the charts' drawing animation
  await snap('coupon-template.png');
});

test('Customer 360: tier card, points with a manual adjustment and its postings, and the wallet', async () => {
  await Promise.all([
    page.waitForResponse(isApi(`/members/${seeded.memberId}/tier`)),
    page.goto(`/members/${seeded.memberId}`),
  ]);
  const card = page.getByTestId('tier-card');
  await card.getByTestId('tier-name').getByText('金卡').waitFor();
  assert.equal(await card.getByTestId('tier-qualifying').textContent(), '¥2,000.00');
  await card.getByText('已是最高等级').waitFor();
  await card.getByText('积分 × 1.5').waitFor();
  await card.getByText('包邮').waitFor();

  await Promise.all([
    page.waitForResponse(isApi(`/members/${seeded.memberId}/points`)),
    page.getByRole('tab', { name: '积分' }).click(),
  ]);
  const tab = page.getByTestId('points-tab');
  // The order's points wait out the 7-day return window.
  assert.notEqual(
    await tab.getByTestId('points-pending').locator('.ant-statistic-content-value').textContent(),
    '0',
  );
  await rows(tab.getByTestId('points-lots')).first().getByText('待生效').waitFor();

  await tab.getByTestId('points-adjust').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('adjust-points').fill('100');
  await dialog.getByTestId('adjust-save').click();
  await dialog.locator('.ant-form-item-explain-error').first().waitFor(); // a reason is required
  await dialog.getByTestId('adjust-reason').fill('客诉补偿');
  const [adjusted] = await Promise.all([
    page.waitForResponse(isApi(`/members/${seeded.memberId}/points/adjustments`, 'POST')),
    dialog.getByTestId('adjust-save').click(),
  ]);
  assert.equal(adjusted.status(), 201, await adjusted.text());
  assert.ok(adjusted.request().headers()['idempotency-key']);
  await dialog.waitFor({ state: 'hidden' });
  await tab.getByTestId('points-available').getByText('100').waitFor();
  const journal = tab.getByTestId('points-journal');
  const first = rows(journal).first();
  await first.getByText('客诉补偿').waitFor();
  await first.getByText('手工调整').waitFor();
  await first.getByText('可用 +100').waitFor();
  await first.locator('.ant-table-row-expand-icon').click();
  const postings = journal.getByTestId('journal-postings');
  await postings.getByText('system:points_adjustment').waitFor();
  await postings.getByText('-100').waitFor();
  await tablesSettled(page);
  await snap('member-points.png');

  await page.getByRole('tab', { name: '优惠券' }).click();
  const wallet = page.getByTestId('member-coupons');
  await wallet.getByRole('tab', { name: '未使用（1）' }).waitFor(); // the gold upgrade gift
  await rows(wallet).filter({ hasText: '金卡升级礼' }).waitFor();
  await wallet.getByRole('tab', { name: '已使用（1）' }).click();
  await rows(wallet).filter({ hasText: '满100减20' }).getByText('POS-LOY-2').waitFor();
  await snap('member-coupons.png');
  await page.getByTestId('tier-card').locator('.ant-collapse-header').click();
  await page.getByTestId('tier-card').getByText('达标升级').waitFor();
  await snap('member-tier-history.png');
});

/** The loyalty screens one after the other, each settled, with a screenshot; `suffix` names the run. */
async function tour(
  suffix: string,
  labels: { program: string; rules: string; coupons: string; points: string },
) {
  const shot = async (name: string) => {
    assert.equal(await horizontalOverflow(page), 0, `${name}: nothing sticks out sideways`);
    await snap(`${name}${suffix}.png`);
  };
  await Promise.all([page.waitForResponse(isApi('/loyalty/program')), page.goto('/loyalty/program')]);
  await page.getByRole('heading', { level: 4, name: labels.program }).waitFor();
  await page.getByTestId('tier-1-name').waitFor();
  await shot('loyalty-program');

  await Promise.all([page.waitForResponse(isApi('/loyalty/rules')), page.goto('/loyalty/rules')]);
  await page.getByRole('heading', { level: 4, name: labels.rules }).waitFor();
  await rows(page.getByTestId('rules-table')).nth(2).waitFor();
  const sim = page.getByTestId('simulator');
  await sim.getByTestId('sim-line-0-sku').fill('SKU-1');
  await sim.getByTestId('sim-line-0-paid').fill('123.45');
  await Promise.all([
    page.waitForResponse(isApi('/loyalty/simulate', 'POST')),
    sim.getByTestId('sim-run').click(),
  ]);
  await sim.getByTestId('sim-points').getByText('246').waitFor();
  await shot('loyalty-rules');

  await Promise.all([page.waitForResponse(isApi('/coupon-templates')), page.goto('/loyalty/coupons')]);
  await page.getByRole('heading', { level: 4, name: labels.coupons }).waitFor();
  await rows(page.getByTestId('templates-table')).nth(1).waitFor();
  await tablesSettled(page);
  await shot('coupon-templates');

  await Promise.all([
    page.waitForResponse(isApi(`/coupon-templates/${seeded.templateId}/funnel`)),
    page.goto(`/loyalty/coupons/${seeded.templateId}`),
  ]);
  await page.getByTestId('funnel-chart').locator('canvas').first().waitFor();
  await rows(page.getByTestId('template-coupons')).nth(1).waitFor();
  await tablesSettled(page);
  await page.waitForTimeout(1000); // ECharts draws its lines in over a second: shoot the finished chart
  await shot('coupon-template');

  await Promise.all([
    page.waitForResponse(isApi(`/members/${seeded.memberId}/points/journal`)),
    page.goto(`/members/${seeded.memberId}?tab=points`),
  ]);
  await page.getByRole('tab', { name: labels.points }).waitFor();
  await page.getByTestId('tier-card').getByTestId('tier-name').waitFor();
  await rows(page.getByTestId('points-journal')).nth(1).waitFor();
  await tablesSettled(page);
  await shot('member-points');

  await Promise.all([
    page.waitForResponse(isApi(`/members/${seeded.memberId}/coupons`)),
    page.goto(`/members/${seeded.memberId}?tab=coupons`),
  ]);
  await rows(page.getByTestId('member-coupons')).first().waitFor();
  await shot('member-coupons');
}

const en = { program: 'Programme & tiers', rules: 'Earn rules', coupons: 'Coupons', points: 'Points' };
const zh = { program: '会员体系与等级', rules: '积分规则', coupons: '优惠券', points: '积分' };

test('the same screens in English', async () => {
  await page.getByTestId('lang-switch').click();
  await page.getByRole('tab', { name: 'Coupons' }).waitFor();
  try {
    await tour('-en', en);
    await page.goto(`/loyalty/coupons/${seeded.templateId}`);
    await page
      .getByTestId('template-benefit')
      .getByText(/¥20\.00 off over (CN)?¥100\.00/)
      .waitFor();
    await page.getByTestId('funnel').getByText('Sales driven').waitFor();
  } finally {
    await page.getByTestId('lang-switch').click();
  }
});

test('the loyalty screens fit a phone, in both languages', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.getByRole('button', { name: '菜单' }).waitFor();
    await tour('-mobile', zh);
    await page.getByTestId('lang-switch').click();
    await page.getByRole('button', { name: 'Menu' }).waitFor();
    await tour('-mobile-en', en);
    await page.getByTestId('lang-switch').click();
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('a business unit that keeps its own members has a programme of its own', async () => {
  const unit = await post<{ id: string }>(api, '/business-units', {
    code: 'HOTEL',
    name: '酒店',
    kind: 'hotel',
    memberSharing: 'unit',
  });
  await page.goto('/loyalty/program');
  await page.getByTestId('tier-1-name').waitFor();
  const [own] = await Promise.all([
    page.waitForResponse(
      (r) => isApi('/loyalty/program')(r) && new URL(r.url()).searchParams.get('businessUnitId') === unit.id,
    ),
    pick(page, 'unit-scope', '酒店'),
  ]);
  assert.equal(own.status(), 404, 'the hotel has no programme yet');
  await page.getByText('还没有会员体系').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('unit'), unit.id);
  await Promise.all([
    page.waitForResponse(isApi('/loyalty/program')),
    pick(page, 'unit-scope', '集团会员体系'),
  ]);
  await page.getByTestId('tier-1-name').waitFor();
});

test('the page raised no script errors', () => {
  assert.deepEqual(main.errors, []);
});
