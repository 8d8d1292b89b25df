// The console on a phone (390×844, touch): the navigation lives in a drawer behind a menu button,
// and every screen it leads to fits the width.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  type E2eServer,
  horizontalOverflow,
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
let phone: TrackedPage;
let page: Page;

before(async () => {
  server = await startServer('e2e');
  browser = await launchBrowser();
  phone = await openPage(browser, server.baseUrl, {
    locale: 'en-US',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  page = phone.page;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const heading = (name: string, level = 4) => page.getByRole('heading', { level, name, exact: true });
const drawer = () => page.getByTestId('nav-drawer');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A menu entry by its label; the accessible name also carries the icon's name ("setting Settings"). */
const menuItem = (label: string) =>
  drawer().getByRole('menuitem', { name: new RegExp(`(^|\\s)${escapeRegExp(label)}$`) });

async function openMenu(): Promise<void> {
  await page.getByTestId('menu-toggle').tap();
  await drawer().waitFor();
  await drawer().getByRole('menu').first().waitFor();
}

/** Taps a menu entry in the drawer and waits for the page it leads to. */
async function go(group: string | null, item: string, path: string, title: string, level = 4): Promise<void> {
  await openMenu();
  if (group) {
    const submenu = menuItem(group);
    // A group holding the current page is already open; tapping it again would close it.
    if ((await submenu.getAttribute('aria-expanded')) !== 'true') await submenu.tap();
  }
  await menuItem(item).last().tap();
  await page.waitForURL((url) => url.pathname === path);
  await drawer().waitFor({ state: 'hidden' });
  await heading(title, level).waitFor();
}

test('signs in on a phone', async () => {
  await page.goto('/');
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await horizontalOverflow(page), 0);
  await screenshot(page, 'mobile-login.png');
  await loginThroughForm(page, server.tenant);
});

test('the sider is replaced by a menu button that opens a drawer', async () => {
  assert.equal(await page.locator('.ant-layout-sider').count(), 0, 'no sider at phone width');
  assert.equal(await horizontalOverflow(page), 0);
  await screenshot(page, 'mobile-dashboard.png');
  assert.equal(await page.getByTestId('menu-toggle').getAttribute('aria-label'), 'Menu');
  await openMenu();
  await menuItem('Dashboard').waitFor();
  await screenshot(page, 'mobile-menu.png');
  // The drawer closes without navigating when its mask is tapped.
  await page.locator('.ant-drawer-mask').click({ position: { x: 370, y: 400 } });
  await drawer().waitFor({ state: 'hidden' });
  assert.equal(new URL(page.url()).pathname, '/');
});

test('navigates through the drawer, and each screen fits the width', async () => {
  await go('Guides & Stores', 'Stores', '/settings/stores', 'Stores');
  assert.equal(await horizontalOverflow(page), 0);
  await go('Settings', 'Staff', '/settings/staff', 'Staff');
  assert.equal(await horizontalOverflow(page), 0);
  await tablesSettled(page);
  await screenshot(page, 'mobile-staff.png');
  await go('Settings', 'Tenant', '/settings/tenant', 'Tenant settings');
  assert.equal(await horizontalOverflow(page), 0);
  await go(null, 'Members', '/members', 'Members');
  assert.equal(await horizontalOverflow(page), 0);
  await go(null, 'Dashboard', '/', 'Welcome back, Admin', 3);
});

test('the new-store form fits a phone', async () => {
  await go('Guides & Stores', 'Stores', '/settings/stores', 'Stores');
  await page.getByTestId('store-create').tap();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('store-save').waitFor();
  const box = await dialog.locator('.ant-modal-container, .ant-modal-content').first().boundingBox();
  assert.ok(box, 'the modal is laid out');
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the modal fits the screen (${box.x}, ${box.width})`);
  assert.equal(await horizontalOverflow(page), 0);
  await screenshot(page, 'mobile-store-form.png');
  await dialog.getByRole('button', { name: 'Cancel' }).tap();
  await dialog.waitFor({ state: 'hidden' });
});

test('the phone session raised no script errors', () => {
  assert.deepEqual(phone.errors, []);
});
