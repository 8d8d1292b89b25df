// The console in a real browser against a real server: sign-in, the stores screen, the language
// switch, a failed sign-in, and the stores screen at phone width. Screenshots of each step go to
// test-results/screenshots/.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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
  tablesSettled,
} from './support.ts';

let server: E2eServer;
let browser: Browser;
let main: TrackedPage;
let page: Page;

const suffix = randomBytes(3).toString('hex');
const store = { code: `E2E-${suffix}`, name: `E2E 测试门店 ${suffix}`, city: '上海' };
const otherStore = { code: `OTHER-${suffix}`, name: `Other store ${suffix}` };

before(async () => {
  server = await startServer('e2e');
  browser = await launchBrowser();
  // A Chinese browser: the console starts in zh-CN, as most of its users will see it.
  main = await openPage(browser, server.baseUrl, { locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  page = main.page;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The stores table's data rows (antd adds a hidden measure row). */
const storeRows = () => page.locator('.ant-table-tbody tr.ant-table-row');

test('signed out, / sends the browser to the login page', async () => {
  await page.goto('/');
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  assert.equal(await page.getByRole('heading', { level: 3 }).textContent(), '登录私域');
  await screenshot(page, 'login.png');
});

/** Submits the login form with a wrong password; returns the server's problem. */
async function failLogin(p: Page): Promise<{ code: string; detail: string }> {
  await p.locator('input[name="tenant"]').fill(server.tenant.code);
  await p.locator('input[name="username"]').fill('admin');
  await p.locator('input[name="password"]').fill('not-the-password');
  const [response] = await Promise.all([
    p.waitForResponse(isApi('/auth/login', 'POST')),
    p.getByTestId('login-submit').click(),
  ]);
  assert.equal(response.status(), 401);
  return (await response.json()) as { code: string; detail: string };
}

test('a wrong password shows the server’s error and stays on the login page', async () => {
  // In English the server's own message shows, in a fresh context where nobody is signed in.
  const fresh = await openPage(browser, server.baseUrl, { locale: 'en-US' });
  try {
    const p = fresh.page;
    await p.goto('/login');
    const problem = await failLogin(p);
    assert.equal(problem.code, 'LOGIN_FAILED');
    assert.equal(problem.detail, 'Wrong tenant, username or password');
    const alert = p.getByTestId('login-error');
    await alert.waitFor();
    assert.equal(await alert.textContent(), problem.detail);
    assert.equal(new URL(p.url()).pathname, '/login');
    // Editing the form clears the error.
    await p.locator('input[name="password"]').fill('x');
    await alert.waitFor({ state: 'detached' });
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.context.close();
  }

  // In Chinese the same failure reads in Chinese (the server only speaks English).
  assert.equal((await failLogin(page)).code, 'LOGIN_FAILED');
  const alert = page.getByTestId('login-error');
  await alert.waitFor();
  assert.equal(await alert.textContent(), '企业代码、用户名或密码错误');
  assert.equal(new URL(page.url()).pathname, '/login');
  await screenshot(page, 'login-error.png');
});

test('signs in as the tenant admin', async () => {
  await loginThroughForm(page, server.tenant);
  assert.equal(await page.getByTestId('tenant-name').textContent(), 'Tenant e2e');
  assert.equal(await page.getByTestId('user-name').textContent(), 'Admin');
  const cookies = await main.context.cookies();
  const session = cookies.find((c) => c.name === 'siyu_session');
  assert.ok(session, 'session cookie set');
  assert.equal(session.httpOnly, true);
});

test('creates a store through the modal', async () => {
  // A second store, made through the API with the browser's session, for the search to filter out.
  const seeded = await main.context.request.post('/api/v1/stores', { data: otherStore });
  assert.equal(seeded.status(), 201, await seeded.text());

  // Reach Stores through the menu: Settings › Stores.
  const sider = page.locator('.ant-layout-sider');
  await sider.getByRole('menuitem', { name: '设置' }).click();
  const [list] = await Promise.all([
    page.waitForResponse(isApi('/stores')),
    sider.getByRole('menuitem', { name: '门店' }).last().click(),
  ]);
  assert.equal(list.status(), 200);
  await page.waitForURL((url) => url.pathname === '/settings/stores');
  await page.getByRole('heading', { level: 4, name: '门店' }).waitFor();
  await storeRows().first().waitFor();
  assert.equal(await storeRows().count(), 1);
  await tablesSettled(page);
  await screenshot(page, 'stores.png');

  await page.getByTestId('store-create').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('新建门店').waitFor();
  // Saving empty shows the required-field messages and sends nothing.
  // The modal may still be opening under load: click until the form answers.
  const firstError = dialog.locator('.ant-form-item-explain-error').first();
  for (let attempt = 0; ; attempt++) {
    await dialog.getByTestId('store-save').click();
    const shown = await firstError.waitFor({ timeout: 4_000 }).then(
      () => true,
      () => false,
    );
    if (shown) break;
    if (attempt === 3) throw new Error('saving the empty store form showed no field errors');
  }

  await dialog.locator('input[name="code"]').fill(store.code);
  await dialog.locator('input[name="name"]').fill(store.name);
  await dialog.locator('input[name="city"]').fill(store.city);
  const [created, reloaded] = await Promise.all([
    page.waitForResponse(isApi('/stores', 'POST')),
    page.waitForResponse(isApi('/stores')),
    dialog.getByTestId('store-save').click(),
  ]);
  assert.equal(created.status(), 201, await created.text());
  const body = (await created.json()) as { id: string; code: string; kind: string; status: string };
  assert.equal(body.code, store.code);
  assert.equal(body.kind, 'physical');
  assert.equal(body.status, 'active');
  assert.equal(reloaded.status(), 200);
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.ant-message').getByText('已保存').waitFor();

  const row = storeRows().filter({ hasText: store.code });
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', new RegExp(`${store.name}.*实体门店.*上海.*营业中`));
  assert.equal(await storeRows().count(), 2);
  await tablesSettled(page);
  await screenshot(page, 'store-created.png');
});

test('finds the store in the list, and by search', async () => {
  const search = page.getByPlaceholder('搜索名称或编码');
  await search.fill(store.name);
  const [found] = await Promise.all([page.waitForResponse(isApi('/stores')), search.press('Enter')]);
  assert.equal(new URL(found.url()).searchParams.get('q'), store.name);
  assert.equal(((await found.json()) as { total: number }).total, 1);
  await storeRows().filter({ hasText: otherStore.code }).waitFor({ state: 'detached' });
  assert.equal(await storeRows().count(), 1);
  assert.match((await storeRows().first().textContent()) ?? '', new RegExp(store.code));

  // By code, case-insensitively.
  await search.fill(otherStore.code.toLowerCase());
  const [byCode] = await Promise.all([page.waitForResponse(isApi('/stores')), search.press('Enter')]);
  assert.equal(((await byCode.json()) as { total: number }).total, 1);
  await storeRows().filter({ hasText: otherStore.code }).waitFor();
  assert.equal(await storeRows().count(), 1);

  // Nothing matches: the table says so.
  await search.fill(`nothing-${suffix}`);
  const [none] = await Promise.all([page.waitForResponse(isApi('/stores')), search.press('Enter')]);
  assert.equal(((await none.json()) as { total: number }).total, 0);
  await page.locator('.ant-table-placeholder .ant-empty-description').getByText('暂无数据').waitFor();

  await search.fill('');
  const [all] = await Promise.all([page.waitForResponse(isApi('/stores')), search.press('Enter')]);
  assert.equal(new URL(all.url()).searchParams.get('q'), null);
  await storeRows().nth(1).waitFor();
});

test('switches between Chinese and English, and the choice survives a reload', async () => {
  const sider = page.locator('.ant-layout-sider');
  const heading = (name: string) => page.getByRole('heading', { level: 4, name, exact: true });
  const switcher = page.getByTestId('lang-switch');
  assert.equal(await switcher.textContent(), 'English'); // names the language it switches to

  await switcher.click();
  await heading('Stores').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await sider.getByRole('menuitem', { name: 'Stores' }).last().waitFor();
  await page.getByRole('columnheader', { name: 'Code' }).waitFor();
  assert.equal(await switcher.textContent(), '简体中文');
  assert.equal(await page.evaluate(() => localStorage.getItem('siyu.lang')), 'en');

  await Promise.all([page.waitForResponse(isApi('/stores')), page.reload()]);
  await heading('Stores').waitFor();
  await page.getByText('Physical store').first().waitFor();
  await page.getByText('2 in total').waitFor();
  await tablesSettled(page);
  await screenshot(page, 'english.png');

  await page.getByTestId('lang-switch').click();
  await heading('门店').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await Promise.all([page.waitForResponse(isApi('/stores')), page.reload()]);
  await heading('门店').waitFor();
  await sider.getByRole('menuitem', { name: '门店' }).last().waitFor();
  await page.getByText('共 2 条').waitFor();
  await tablesSettled(page);
  await screenshot(page, 'chinese.png');
});

test('the staff form asks for the server’s minimum password length', async () => {
  const posts: string[] = [];
  const onRequest = (r: { method(): string; url(): string }) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/staff') posts.push(r.url());
  };
  page.on('request', onRequest);
  try {
    await Promise.all([page.waitForResponse(isApi('/staff')), page.goto('/settings/staff')]);
    await page.getByTestId('staff-create').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('至少 10 位。').waitFor();
    await dialog.locator('input[name="username"]').fill(`guide-${suffix}`);
    await dialog.locator('input[name="name"]').fill('导购小王');
    await dialog.locator('input[name="password"]').fill('123456789'); // 9 characters
    await dialog.getByTestId('staff-save').click();
    await dialog
      .locator('.ant-form-item-explain-error')
      .getByText(/最少\s*10\s*个字符/)
      .waitFor();
    assert.deepEqual(posts, [], 'a short password is not sent');

    // Guides (the default role) need a store: the form says so before the server has to.
    await dialog.locator('.ant-form-item-explain-error').getByText('请输入门店', { exact: true }).waitFor();
    await screenshot(page, 'staff-form-errors.png');
    await dialog.getByTestId('store-select').click();
    const [searched] = await Promise.all([
      page.waitForResponse(
        (r) => isApi('/stores')(r) && new URL(r.url()).searchParams.get('q') === store.code,
      ),
      page.keyboard.type(store.code),
    ]);
    assert.equal(((await searched.json()) as { total: number }).total, 1);
    await page
      .locator('.ant-select-dropdown .ant-select-item-option')
      .filter({ hasText: store.code })
      .click();

    await dialog.locator('input[name="password"]').fill('1234567890');
    const [created] = await Promise.all([
      page.waitForResponse(isApi('/staff', 'POST')),
      dialog.getByTestId('staff-save').click(),
    ]);
    assert.equal(created.status(), 201, await created.text());
    await dialog.waitFor({ state: 'hidden' });
    await page
      .locator('.ant-table-row')
      .filter({ hasText: `guide-${suffix}` })
      .waitFor();
  } finally {
    page.off('request', onRequest);
  }
  await Promise.all([page.waitForResponse(isApi('/stores')), page.goto('/settings/stores')]);
});

test('the stores screen fits a phone', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.getByRole('button', { name: '菜单' }).waitFor();
    await page.locator('.ant-layout-sider').waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 4, name: '门店' }).waitFor();
    await storeRows().nth(1).waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
    await tablesSettled(page);
    await screenshot(page, 'mobile-stores.png');
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('signs out, and the console then asks to sign in again', async () => {
  await page.locator('.ant-layout-sider').waitFor();
  const [response] = await Promise.all([
    page.waitForResponse(isApi('/auth/logout', 'POST')),
    page.getByTestId('logout').click(),
  ]);
  assert.equal(response.status(), 204);
  await page.waitForURL((url) => url.pathname === '/login');
  await page.goto('/settings/stores');
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByTestId('login-submit').waitFor();
});

test('the page raised no script errors', () => {
  assert.deepEqual(main.errors, []);
});
