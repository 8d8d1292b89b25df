// Shared set-up of the browser tests: a real Siyu server on an ephemeral port serving the built
// console, a fresh tenant, and a headless Chromium driven by playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { consoleDist } from '../server/src/http/app.ts';
import { createTestTenant, startTestApp, type TestApp, type TestTenant } from '../server/test/harness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
export const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the console when console/dist is missing (scripts/test.ts normally builds it first). */
export function ensureConsoleBuilt(): void {
  if (existsSync(`${consoleDist}/index.html`)) return;
  const result = spawnSync('npm', ['run', 'build', '-w', 'console'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(`${consoleDist}/index.html`)) {
    throw new Error(
      `console/dist/index.html is missing and \`npm run build -w console\` failed (exit ${result.status}); ` +
        'the browser tests need the built console',
    );
  }
}

export interface E2eServer {
  app: TestApp;
  tenant: TestTenant;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * A listening server on 127.0.0.1 with one tenant ("e2e" by default) and its admin. `work` also
 * runs the background jobs (imports) in-process.
 */
export async function startServer(tenantCode = 'e2e', options: { work?: boolean } = {}): Promise<E2eServer> {
  ensureConsoleBuilt();
  const app = await startTestApp({ work: options.work ?? false });
  try {
    const tenant = await createTestTenant(app.db, tenantCode);
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.app.server.address() as AddressInfo;
    return { app, tenant, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}; the browser tests need it: apt-get install chromium ` +
        '(or set CHROMIUM_PATH)',
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      // Without these Chromium keeps calling home, which on a closed network only times out.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface TrackedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors the page produced, for a final "no errors" check. */
  errors: string[];
}

/** A fresh context (own cookies and storage) and page that records script errors. */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  options: BrowserContextOptions = {},
): Promise<TrackedPage> {
  const context = await browser.newContext({ baseURL: baseUrl, ...options });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    // A 401/404 the app expects (signed-out /auth/me, a wrong password) is logged as a failed
    // resource load; only script errors count.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${msg.text()}`);
    }
  });
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // Disabled animations: drawers and modals are shown where they end up, not half-way in.
  await page.screenshot({ path: `${screenshotDir}${name}`, fullPage: true, animations: 'disabled' });
}

/** Waits until no table on the page is loading (antd marks the spinning container aria-busy). */
export async function tablesSettled(page: Page): Promise<void> {
  await page.locator('.ant-table-wrapper [aria-busy="true"]').first().waitFor({ state: 'detached' });
}

/** Signs in through the login form and waits for the dashboard. */
export async function loginThroughForm(page: Page, tenant: TestTenant): Promise<void> {
  await page.locator('input[name="tenant"]').fill(tenant.code);
  await page.locator('input[name="username"]').fill(tenant.admin.username);
  await page.locator('input[name="password"]').fill(tenant.admin.password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST'),
    page.getByTestId('login-submit').click(),
  ]);
  if (response.status() !== 200)
    throw new Error(`login answered ${response.status()}: ${await response.text()}`);
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByTestId('tenant-name').waitFor();
}

/** Horizontal overflow of the document in CSS pixels (0 when nothing sticks out). */
export function horizontalOverflow(page: Page): Promise<number> {
  // A string: this runs in the page, and the tests are type-checked without the DOM library.
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** A waitForResponse predicate: the API path (after /api/v1, or a pattern of the whole path) and method. */
export const isApi =
  (path: string | RegExp, method = 'GET') =>
  (r: Response): boolean => {
    const p = new URL(r.url()).pathname;
    const hit = typeof path === 'string' ? p === `/api/v1${path}` : path.test(p);
    return hit && r.request().method() === method;
  };

/** The data rows of the antd tables in scope (antd adds a hidden measure row). */
export const tableRows = (scope: Page | Locator): Locator =>
  scope.locator('.ant-table-tbody tr.ant-table-row');
