/**
 * What a supervisor does on the supervisor pages, for the browser tests: log in, open a page from
 * the navigation, click a button once it is enabled, and check that the page fits the window.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { expectEnabled, expectHidden, expectVisible } from './browser.ts';

export const STEP_MS = 10_000;

export const buttonOf = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

export async function clickButton(page: Page, name: string): Promise<void> {
  await expectEnabled(buttonOf(page, name), STEP_MS);
  await buttonOf(page, name).click();
}

export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true }).click();
  await expectVisible(page.getByRole('heading', { level: 2, name, exact: true }));
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
