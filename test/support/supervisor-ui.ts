/**
 * The supervisor pages' browser tests: their set-up (nailup, Chromium, the SFTP drop), and what a
 * supervisor does on the pages: log in, open a page from the navigation, click a button once it is
 * enabled, and check that the page fits the window.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Nailup } from '../../src/app.ts';
import type { Clock } from '../../src/clock/clock.ts';
import { expectAttribute, expectEnabled, expectHidden, expectText, expectVisible, launchChromium, openPage } from './browser.ts';
import { startTestNailup } from './nailup.ts';
import { sftpFlags, startSftpServer, type TestSftpServer } from './sftp-server.ts';

export const STEP_MS = 10_000;

const SUPERVISOR_INDEX = fileURLToPath(new URL('../../web/supervisor/dist/index.html', import.meta.url));

export interface SupervisorPages {
  nailup: Nailup;
  /** The manual upload's drop; set only when asked for (`sftp: true`). */
  sftp: TestSftpServer;
  /** The page of the first browser profile. */
  page: Page;
  /** Another browser profile (its own sessionStorage, so its own login) with one page. */
  newProfile(): Promise<Page>;
}

/**
 * Registers the hooks of a file of supervisor page tests: before its tests nailup (demo data, no bots,
 * store in memory; on `clock`; with a real SFTP server as the drop if `sftp`; config `flags`) and Chromium with one
 * page; after each test, the check that no page threw; after them all, everything closed. The fields
 * are set once this `before` has run: a file's own set-up that reads them goes in a `before` inside
 * its `describe` (Node 20 runs a file's top-level `before` hooks side by side, not one after another).
 */
export function supervisorPages(options: { sftp?: boolean; clock?: Clock; flags?: Record<string, unknown> } = {}): SupervisorPages {
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const ui = {
    async newProfile(): Promise<Page> {
      const { context, page } = await openPage(browser!, ui.nailup.url);
      contexts.push(context);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    },
  } as SupervisorPages;

  before(async () => {
    if (!existsSync(SUPERVISOR_INDEX)) throw new Error(`${SUPERVISOR_INDEX} is missing: build the pages first with \`npm run build:web\``);
    if (options.sftp) ui.sftp = await startSftpServer();
    ui.nailup = await startTestNailup({ ...(options.sftp ? sftpFlags(ui.sftp) : {}), ...options.flags }, { clock: options.clock });
    browser = await launchChromium();
    ui.page = await ui.newProfile();
  });

  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'the pages threw no uncaught error');
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await ui.nailup?.close();
    await ui.sftp?.close();
  });

  return ui;
}

export const buttonOf = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

export async function clickButton(page: Page, name: string): Promise<void> {
  await expectEnabled(buttonOf(page, name), STEP_MS);
  await buttonOf(page, name).click();
}

export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true }).click();
  await expectVisible(page.getByRole('heading', { level: 2, name, exact: true }));
}

/** The visible texts of the cells (spaces collapsed, trimmed). */
export const texts = async (cells: Locator): Promise<string[]> => (await cells.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
/** The table row of a `kind` of item (`tr[data-<kind>="<key>"]`) and one of its cells (`[data-col="<col>"]`). */
export const row = (page: Page, kind: string, key: string) => page.locator(`tr[data-${kind}="${key}"]`);
export const cell = (page: Page, kind: string, key: string, col: string) => row(page, kind, key).locator(`[data-col="${col}"]`);
/** A form's status line holding `text`. */
export const formStatus = (page: Page, text: string | RegExp) => page.locator('form').getByRole('status').filter({ hasText: text });

/** The API's message under the input, and the input marked invalid. */
export async function expectFieldError(page: Page, inputId: string, message: string | RegExp): Promise<void> {
  await expectText(page.locator(`#${inputId}-error`), message, STEP_MS);
  await expectAttribute(page.locator(`#${inputId}`), 'aria-invalid', 'true');
  await expectAttribute(page.locator(`#${inputId}`), 'aria-describedby', `${inputId}-error`);
}

/** Deletes the item named `name` from its row, and confirms. */
export async function confirmDelete(page: Page, name: string): Promise<void> {
  await clickButton(page, `Delete ${name}`);
  await clickButton(page, `Confirm delete ${name}`);
}

/** Logs in on the login form; the navigation shows once it has worked. */
export async function logIn(page: Page, username: string, password = 'demo'): Promise<void> {
  await page.goto('/supervisor/');
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Supervisor' }));
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await clickButton(page, 'Log in');
  await expectVisible(page.getByRole('navigation', { name: 'Pages' }), STEP_MS);
  await expectHidden(page.getByLabel('Password'));
}

/** Nothing on the page is wider than the window (no horizontal scroll, nothing cut off at the right). */
export async function expectFits(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('main *, header *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.scroll'))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scroll: document.documentElement.scrollWidth > width, wide: wide.slice(0, 5) };
  });
  assert.deepEqual(overflow, { scroll: false, wide: [] }, 'the page fits the 1366 px window');
}
