/**
 * Real Chromium for the end-to-end tests: launching it, a page per agent, screenshots, and waits that
 * poll a condition and fail with what was last seen.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert, { AssertionError } from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const VIEWPORT = { width: 1366, height: 768 } as const;
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_INDEX = join(ROOT, 'web', 'dist', 'index.html');
export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots');

/** The desktop is served from web/dist: without a build every page is a 404, so say so up front. */
export function requireWebBuild(): void {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(`${WEB_INDEX} is missing: build the agent desktop first with \`npm run build:web\``);
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (scripts/test.sh installs it)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A fresh browser profile (its own sessionStorage and localStorage) with one page at the desktop size. */
export async function openPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL, locale: 'en-US', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  return { context, page };
}

export interface DesktopPages {
  /** A fresh browser profile (its own sessionStorage and localStorage) with one page on `baseURL`; in a test. */
  newPage(baseURL: string): Promise<Page>;
}

/**
 * Registers the hooks of a file of agent-desktop tests: before its tests, the check that the desktop
 * is built and Chromium launched; after each test, the check that no page threw (`what` threw no
 * uncaught error); after them all, every page and Chromium closed. Call it before the file registers
 * its own `after`, so that the pages close before the file's nailup does (Node runs a file's `after`
 * hooks one after another, its `before` hooks side by side).
 */
export function desktopPages(what = 'the desktop'): DesktopPages {
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    requireWebBuild();
    browser = await launchChromium();
  });

  afterEach(() => {
    const errors = pageErrors.splice(0);
    assert.deepEqual(errors, [], `${what} threw no uncaught error`);
  });

  after(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {});
    await browser?.close();
    browser = null;
  });

  return {
    async newPage(baseURL: string): Promise<Page> {
      assert.ok(browser, 'Chromium is running');
      const { context, page } = await openPage(browser, baseURL);
      contexts.push(context);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    },
  };
}

/** Writes test-output/screenshots/<name>.png (the viewport, as the agent sees it). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Animations and the caret are frozen so the picture shows a settled screen.
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const POLL_MS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `read` until `accept` holds for its value; fails after `timeoutMs` naming `what` and the last
 * value read (or the last error thrown while reading).
 */
export async function waitUntil<T>(
  what: string, read: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: { value: T } | { error: unknown } | null = null;
  for (;;) {
    try {
      const value = await read();
      if (accept(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) break;
    await sleep(POLL_MS);
  }
  const seen = last === null ? 'nothing' : 'error' in last ? `error ${String(last.error)}` : JSON.stringify(last.value);
  throw new AssertionError({ message: `${what}: not within ${timeoutMs} ms (last seen: ${seen})` });
}

const matches = (text: string, expected: string | RegExp): boolean =>
  typeof expected === 'string' ? text === expected : expected.test(text);

/** Waits until the element's visible text (trimmed, spaces collapsed) equals `expected` or matches it. */
export async function expectText(locator: Locator, expected: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  return waitUntil(
    `text of ${String(locator)} should be ${String(expected)}`,
    async () => ((await locator.innerText({ timeout: POLL_MS * 4 })) ?? '').replace(/\s+/g, ' ').trim(),
    (text) => matches(text, expected),
    timeoutMs,
  );
}

/** Waits until the element's attribute equals `expected`. */
export async function expectAttribute(locator: Locator, name: string, expected: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await waitUntil(`${name} of ${String(locator)} should be ${expected}`, () => locator.getAttribute(name, { timeout: POLL_MS * 4 }), (v) => v === expected, timeoutMs);
}

/** Waits until exactly one element matches and is visible. */
export async function expectVisible(locator: Locator, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await waitUntil(`${String(locator)} should be visible`, async () => [await locator.count(), await locator.first().isVisible()], ([n, v]) => n === 1 && v === true, timeoutMs);
}

/** Waits until nothing matching is visible. */
export async function expectHidden(locator: Locator, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await waitUntil(`${String(locator)} should be hidden`, () => locator.isVisible(), (v) => !v, timeoutMs);
}

/** Waits until the button (or field) is enabled, so a click is not lost on a disabled control. */
export async function expectEnabled(locator: Locator, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await waitUntil(`${String(locator)} should be enabled`, () => locator.isEnabled({ timeout: POLL_MS * 4 }), (v) => v, timeoutMs);
}
