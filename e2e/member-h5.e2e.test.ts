// The member H5 on a phone (390×844, touch) in Chromium against a real server: sign in with the
// code the development SMS provider kept, see the member card (a QR that staff can verify), points
// with what expires soon, tier progress, the coupon wallet (give a coupon to a friend), and the
// points mall (add an address, exchange a gift, see it under my exchanges) — in Chinese, then the
// same screens in English. Screenshots go to test-results/screenshots/h5-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { settleOrders } from '../server/src/modules/loyalty/settle.ts';
import { lastDevSms } from '../server/src/modules/member-h5/sms.ts';
import { systemCtx } from '../server/src/shared/context.ts';
import { allPermissions } from '../server/src/shared/permissions.ts';
import {
  type E2eServer,
  horizontalOverflow,
  launchBrowser,
  openPage,
  screenshot,
  startServer,
  type TrackedPage,
} from './support.ts';

const tenantCode = 'h5-e2e';
const memberPhone = '13912345678';
const friendPhone = '13987654321';
const phoneSize = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

let server: E2eServer;
let browser: Browser;
let zh: TrackedPage;
let page: Page;
let admin: string;

const api = async (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const res = await server.app.request(method, url, { cookie: admin, headers, ...(body ? { body } : {}) });
  assert.ok(res.statusCode < 300, `${method} ${url} → ${res.statusCode} ${res.body}`);
  return res.json();
};

before(async () => {
  server = await startServer(tenantCode);
  admin = await server.app.login(tenantCode, 'admin');
  browser = await launchBrowser();
  zh = await openPage(browser, server.baseUrl, { locale: 'zh-CN', ...phoneSize });
  page = zh.page;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const text = async (l: Locator): Promise<string> => (await l.textContent()) ?? '';
const h5 = (path = '') => `/h5/${tenantCode}${path}`;
// The router writes the card's address without a trailing slash.
const at = (path: string) => (url: URL) => url.pathname.replace(/\/$/, '') === h5(path).replace(/\/$/, '');

/** Every screen fits the phone's width and nothing threw. */
async function fits(p: Page, name: string, errors: string[]): Promise<void> {
  assert.equal(await horizontalOverflow(p), 0, `${name} overflows horizontally`);
  assert.deepEqual(errors, [], `${name}: script errors`);
  // Toasts of the step before fade out first: they would cover the title in the picture.
  await p.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 8_000 });
  await screenshot(p, `h5-${name}.png`);
}

test('the brand is set up: tiers, a member with points, coupons and mall items', async () => {
  await api('PUT', '/api/v1/loyalty/program', {
    name: '会员计划',
    tiers: [
      { code: 'silver', name: '银卡会员', threshold: 0, benefits: { pointsMultiplier: 1 } },
      {
        code: 'gold',
        name: '金卡会员',
        threshold: 100_000,
        benefits: { pointsMultiplier: 1.5, freeShipping: true },
      },
      {
        code: 'black',
        name: '黑金会员',
        threshold: 500_000,
        benefits: { pointsMultiplier: 2, discountRate: 0.95, freeShipping: true, prioritySupport: true },
      },
    ],
  });
  const member = await api('POST', '/api/v1/members', { profile: { name: '林小姐', phone: memberPhone } });
  await api('POST', '/api/v1/members', { profile: { name: '周先生', phone: friendPhone } });
  const id: string = member.id;
  const adjust = (points: number, key: string, expiresAt: string | null, reason: string) =>
    api(
      'POST',
      `/api/v1/members/${id}/points/adjustments`,
      { points, reason, expiresAt },
      { 'idempotency-key': key },
    );
  await adjust(300, 'e2e-1', new Date(Date.now() + 18 * 86_400_000).toISOString(), '开卡礼');
  await adjust(1200, 'e2e-2', null, '门店活动');
  await api('POST', '/api/v1/products', { sku: 'FRAME-1', name: '金属镜架', priceCents: 68_000 });
  const order = await api('POST', '/api/v1/orders', {
    channel: 'store_pos',
    externalId: 'E2E-1',
    member: { kind: 'phone', value: memberPhone },
    lines: [{ sku: 'FRAME-1', qty: 1, unitPriceCents: 68_000, paidCents: 68_000 }],
    paidAt: new Date().toISOString(),
  });
  const tenantId = server.tenant.id;
  await server.app.db.tenant(tenantId, (tx) =>
    settleOrders(tx, systemCtx(tenantId, allPermissions), [order.order.id.slice(4)]),
  );
  const template = await api('POST', '/api/v1/coupon-templates', {
    name: '满300减50',
    kind: 'cash_off',
    amountOffCents: 5000,
    thresholdCents: 30_000,
    validity: { kind: 'relative', days: 30 },
    status: 'active',
    shareable: true,
  });
  const percent = await api('POST', '/api/v1/coupon-templates', {
    name: '镜片八五折',
    kind: 'percent_off',
    percentOffBp: 1500,
    maxDiscountCents: 20_000,
    validity: { kind: 'relative', days: 60 },
    status: 'active',
  });
  for (const [t, key] of [
    [template.id, 'e2e-c1'],
    [percent.id, 'e2e-c2'],
  ] as const) {
    await api('POST', `/api/v1/coupon-templates/${t}/issue`, { memberIds: [id] }, { 'idempotency-key': key });
  }
  await api('POST', '/api/v1/mall/items', {
    name: '品牌保温杯',
    description: '316 不锈钢，500 ml。',
    kind: 'physical_gift',
    points: 500,
    postageCents: 800,
    stock: 50,
    perMemberLimit: 2,
    status: 'active',
  });
  await api('POST', '/api/v1/mall/items', {
    name: '5 元无门槛券',
    kind: 'coupon',
    points: 200,
    couponTemplateId: template.id,
    status: 'active',
  });
  await api('POST', '/api/v1/mall/items', {
    name: '机场贵宾厅',
    kind: 'partner_benefit',
    points: 800,
    minTierRank: 2,
    redemptionInstructions: '到店出示兑换记录',
    status: 'active',
  });
});

test('signs in with the code from the SMS provider', async () => {
  await page.goto(h5('/'));
  await page.waitForURL(at('/login'));
  await page.getByTestId('brand-name').filter({ hasText: 'Tenant' }).waitFor();
  await fits(page, 'zh-login', zh.errors);
  await page.getByTestId('login-phone').fill(memberPhone);
  await page.getByTestId('login-get-code').tap();
  await page.getByTestId('login-sent').waitFor();
  assert.match(await text(page.getByTestId('login-sent')), /139\*\*\*\*5678/);
  const code = /\d{6}/.exec(lastDevSms(`+86${memberPhone}`) ?? '')?.[0];
  assert.ok(code, 'the development provider kept the code');
  await page.getByTestId('login-code').fill(code === '000000' ? '111111' : '000000');
  await page.getByTestId('login-submit').tap();
  await page.getByTestId('login-error').waitFor();
  assert.match(await text(page.getByTestId('login-error')), /验证码错误/);
  await page.getByTestId('login-code').fill(code);
  await page.getByTestId('login-submit').tap();
  await page.waitForURL(at('/'));
});

test('the member card: a live QR code that a POS turns into the member', async () => {
  await page.getByTestId('card-qr').waitFor();
  assert.match(await text(page.getByTestId('card-name')), /林小姐/);
  assert.equal(await text(page.getByTestId('card-tier')), '银卡会员');
  assert.equal(await text(page.getByTestId('card-points')), '1,500');
  assert.match(await text(page.getByTestId('home-expiring')), /300 积分将于/);
  const token = await page.getByTestId('card-qr').getAttribute('data-token');
  const scanned = await api('POST', '/api/v1/member-card/verify', { token });
  assert.equal(scanned.member.name, '林小姐');
  assert.equal(scanned.member.phone, '139****5678');
  await page.getByTestId('card-countdown').filter({ hasText: '秒后刷新' }).waitFor();
  await fits(page, 'zh-home', zh.errors);
});

test('points with what expires soon, and the tier with its progress', async () => {
  await page.goto(h5('/points'));
  await page.getByTestId('points-history').waitFor();
  assert.equal(await text(page.getByTestId('points-available')), '1,500');
  assert.match(await text(page.getByTestId('points-expiring')), /300/);
  await fits(page, 'zh-points', zh.errors);
  await page.goto(h5('/tier'));
  await page.getByTestId('tier-next').waitFor();
  assert.equal(await text(page.getByTestId('tier-name')), '银卡会员');
  assert.match(await text(page.getByTestId('tier-next')), /再消费 ¥320 升级为金卡会员/);
  await fits(page, 'zh-tier', zh.errors);
});

test('the coupon wallet: give a coupon to a friend by phone', async () => {
  await page.goto(h5('/'));
  await page.getByTestId('card-qr').waitFor();
  await page.getByTestId('h5-tabs').getByText('优惠券').tap();
  await page.waitForURL(at('/coupons'));
  await page.getByTestId('coupons-available').waitFor();
  assert.equal(await page.getByTestId('coupon').count(), 2);
  await fits(page, 'zh-coupons', zh.errors);
  await page.getByTestId('coupon-share').first().tap();
  await page.getByTestId('share-phone').fill(friendPhone);
  await screenshot(page, 'h5-zh-coupon-share.png');
  await page.getByRole('button', { name: '确认转赠' }).tap();
  await page.getByText('已转赠给 139****4321').waitFor();
  await page.getByTestId('coupons-available').getByTestId('coupon').nth(1).waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('coupon').count(), 1);
});

test('the points mall: add an address, exchange a gift, see it in my exchanges', async () => {
  await page.getByTestId('h5-tabs').getByText('积分商城').tap();
  await page.getByTestId('mall-items').waitFor();
  assert.equal(await page.getByTestId('mall-item').count(), 3);
  await page.getByText('金卡会员及以上可兑').waitFor();
  await fits(page, 'zh-mall', zh.errors);
  await page.getByTestId('mall-item').filter({ hasText: '品牌保温杯' }).tap();
  await page.getByTestId('item-name').waitFor();
  await page.getByText('添加收货地址').tap();
  await page.waitForURL(at('/addresses/new'));
  await page.getByTestId('address-recipient').fill('林小姐');
  await page.getByTestId('address-phone').fill(memberPhone);
  await page.getByTestId('address-province').fill('上海市');
  await page.getByTestId('address-city').fill('上海市');
  await page.getByTestId('address-district').fill('徐汇区');
  await page.getByTestId('address-line').fill('漕溪北路 88 号 12 楼');
  await fits(page, 'zh-address-form', zh.errors);
  await page.getByTestId('address-save').tap();
  await page.getByTestId('item-name').waitFor();
  await page.getByText('徐汇区').waitFor();
  assert.equal(await text(page.getByTestId('exchange-total')), '500 积分 + ¥8');
  await fits(page, 'zh-mall-item', zh.errors);
  await page.getByTestId('exchange-submit').tap();
  await page.getByRole('button', { name: '立即兑换' }).last().tap();
  await page.waitForURL(at('/exchanges'));
  await page.getByTestId('exchange').first().waitFor();
  assert.match(await text(page.getByTestId('exchange').first()), /品牌保温杯[\s\S]*处理中/);
  await fits(page, 'zh-exchanges', zh.errors);
  const points = await server.app.request('GET', '/api/v1/members?q=13912345678', { cookie: admin });
  const id = points.json().items[0].id;
  const balance = (await api('GET', `/api/v1/members/${id}/points`)).available;
  assert.equal(balance, 1000, 'the exchange holds 500 points');
});

test('me, addresses and profile', async () => {
  await page.goto(h5('/mall'));
  await page.getByTestId('h5-tabs').getByText('我的').tap();
  await page.getByTestId('me-name').waitFor();
  await fits(page, 'zh-me', zh.errors);
  await page.goto(h5('/addresses'));
  await page.getByTestId('address').first().waitFor();
  await fits(page, 'zh-addresses', zh.errors);
  await page.goto(h5('/profile'));
  await page.getByTestId('profile-birthday').fill('1992-03-08');
  await fits(page, 'zh-profile', zh.errors);
  await page.getByTestId('profile-save').tap();
  await page.waitForURL(at('/me'));
});

test('the same screens in English, switched on the page', async () => {
  await page.goto(h5('/'));
  await page.getByTestId('card-qr').waitFor();
  await page.getByTestId('h5-lang').first().tap();
  await page.getByText('Show this code at the checkout').waitFor();
  assert.equal(await page.evaluate<string>('document.documentElement.lang'), 'en');
  await fits(page, 'en-home', zh.errors);
  const screens: [string, string, string][] = [
    ['/points', 'points-history', 'en-points'],
    ['/tier', 'tier-next', 'en-tier'],
    ['/coupons', 'coupons-available', 'en-coupons'],
    ['/mall', 'mall-items', 'en-mall'],
    ['/exchanges', 'exchanges', 'en-exchanges'],
    ['/addresses', 'addresses', 'en-addresses'],
    ['/me', 'me-name', 'en-me'],
  ];
  for (const [path, testId, name] of screens) {
    await page.goto(h5(path));
    await page.getByTestId(testId).first().waitFor();
    await fits(page, name, zh.errors);
  }
  await page.goto(h5('/tier'));
  assert.match(await text(page.getByTestId('tier-next')), /Spend ¥320 more to reach 金卡会员/);
  await page.goto(h5('/mall'));
  await page.getByTestId('mall-item').filter({ hasText: '品牌保温杯' }).tap();
  await page.getByTestId('item-name').waitFor();
  await fits(page, 'en-mall-item', zh.errors);
  // Sign out: the session ends, the card is behind sign-in again.
  await page.goto(h5('/me'));
  await page.getByTestId('sign-out').tap();
  await page.waitForURL(at('/login'));
  await page.getByText('Sign in with your mobile number', { exact: false }).waitFor();
  await fits(page, 'en-login', zh.errors);
  await page.goto(h5('/'));
  await page.waitForURL(at('/login'));
});

test('a browser in English starts in English', async () => {
  const en = await openPage(browser, server.baseUrl, { locale: 'en-US', ...phoneSize });
  await en.page.goto(h5('/coupons'));
  await en.page.waitForURL(at('/login'));
  await en.page.getByRole('button', { name: 'Get code' }).waitFor();
  assert.equal(await en.page.evaluate<string>('document.documentElement.lang'), 'en');
  await en.context.close();
});
