/**
 * The pages under the security headers and over TLS, in real Chromium (docs/security.md, "Transport and
 * origin"): the desktop, the supervisor pages and the floor page break no rule of the
 * Content-Security-Policy; the floor page asks for a supervisor login and shows the floor once the tab
 * has one; the desktop works over HTTPS, its events over WSS. Screenshots:
 * test-output/screenshots/floor-login.png, floor-status.png.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Nailup } from '../../src/app.ts';
import { expectHidden, expectText, expectVisible, launchChromium, requireWebBuild, screenshot, VIEWPORT } from '../support/browser.ts';
import { startTestNailup } from '../support/nailup.ts';
import { STEP_MS, logIn } from '../support/supervisor-ui.ts';

let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every report of a broken CSP rule and every uncaught error, per page. */
const problems: string[] = [];

async function newPage(baseURL: string, options: { ignoreHTTPSErrors?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL, locale: 'en-US', timezoneId: 'America/New_York', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content-Security-Policy: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return page;
}

before(async () => {
  requireWebBuild();
  browser = await launchChromium();
});
after(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
});

describe('the pages under the Content-Security-Policy', () => {
  let nailup: Nailup;
  before(async () => {
    nailup = await startTestNailup();
  });
  after(async () => {
    await nailup?.close();
  });

  it('the floor page links to the login without one, and shows the floor once the tab is logged in', async () => {
    const page = await newPage(nailup.url);
    await page.goto('/floor');
    const link = page.getByRole('link', { name: 'log in at /supervisor/' });
    await expectVisible(link, STEP_MS);
    await expectHidden(page.getByRole('table', { name: 'Jobs' }));
    await screenshot(page, 'floor-login');
    await link.click();
    await page.waitForURL(/\/supervisor\/$/);
    await logIn(page, 'supervisor');
    await page.goto('/floor');
    await expectText(page.locator('#now'), /^as of \d{4}-/, STEP_MS);
    const jobs = page.getByRole('table', { name: 'Jobs' });
    await expectVisible(jobs.getByRole('cell', { name: 'DemoPreview', exact: true }), STEP_MS);
    await expectHidden(link);
    await screenshot(page, 'floor-status');
    // A token that is no longer valid sends the page back to the link.
    await page.evaluate(() => sessionStorage.setItem('nailup.supervisor.token', 'expired'));
    await expectVisible(link, STEP_MS);
    assert.deepEqual(problems.splice(0), []);
  });

  it('the desktop and the supervisor pages load and run with no rule broken', async () => {
    const agent = await newPage(nailup.url);
    await agent.goto('/agent/');
    await expectVisible(agent.getByRole('heading', { level: 1, name: 'Agent desktop' }), STEP_MS);
    await agent.getByLabel('LAN ID').fill('agent1004');
    await agent.getByLabel('Extension').fill('44004');
    await agent.getByLabel('Password').fill('demo');
    await agent.getByRole('button', { name: 'Log in' }).click();
    // The state bar comes from the desktop's WebSocket (connect-src 'self').
    await expectVisible(agent.getByRole('banner', { name: 'Agent state' }), STEP_MS);
    await expectText(agent.getByTestId('agent-state'), /\S/, STEP_MS);
    const supervisor = await newPage(nailup.url);
    await logIn(supervisor, 'admin');
    for (const name of ['Campaigns', 'Agents', 'Import contacts']) {
      await supervisor.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true }).click();
      await expectVisible(supervisor.getByRole('heading', { level: 2, name, exact: true }), STEP_MS);
    }
    assert.deepEqual(problems.splice(0), []);
  });
});

describe('the desktop over HTTPS and WSS', () => {
  let nailup: Nailup;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nailup-tls-e2e-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    nailup = await startTestNailup({ 'http.tlsCert': join(dir, 'cert.pem'), 'http.tlsKey': join(dir, 'key.pem') });
  });
  after(async () => {
    await nailup?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in, its state comes over wss, and the floor page works', async () => {
    assert.match(nailup.url, /^https:/);
    const page = await newPage(nailup.url, { ignoreHTTPSErrors: true });
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto('/agent/');
    await page.getByLabel('LAN ID').fill('agent1005');
    await page.getByLabel('Extension').fill('44005');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expectVisible(page.getByRole('banner', { name: 'Agent state' }), STEP_MS);
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await expectText(page.getByTestId('agent-state'), 'Ready', STEP_MS);
    assert.ok(sockets.some((url) => /^wss:\/\/127\.0\.0\.1:\d+\/tmac\/v1\/events\?token=/.test(url)), sockets.join(', '));
    const supervisor = await newPage(nailup.url, { ignoreHTTPSErrors: true });
    await logIn(supervisor, 'supervisor');
    await supervisor.goto('/floor');
    await expectVisible(supervisor.getByRole('table', { name: 'Agents' }).getByRole('cell', { name: '1005', exact: true }), STEP_MS);
    assert.deepEqual(problems.splice(0), []);
  });
});
