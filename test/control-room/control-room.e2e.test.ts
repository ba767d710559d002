import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simSite, siteSelector, startDispatchFleet, type DemoOrganization, type FleetSite } from '../helpers/dispatch-fleet.js';
import type { TestStack } from '../helpers/test-stack.js';
import { ensureControlRoomBuilt } from './control-room-assets.js';

/**
 * The control room in a real browser (Debian's Chromium, headless, driven by playwright-core) against
 * the sandbox: the simulator runs a summer afternoon at one simulated minute per second and the
 * gateway polls every second, so values move and batteries answer a dispatch within seconds.
 * Screenshots of each step go to test/control-room/artifacts/.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
// Without the background-networking flags Chromium's own connections are refused on a closed network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('control room in Chromium', () => {
  let stack: TestStack;
  let org: DemoOrganization;
  let sites: FleetSite[];
  let names: Map<string, string>;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const consoleErrors: string[] = [];
  const { pick } = siteSelector(() => sites);

  const shot = async (name: string) => {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  };
  const textOf = (testid: string) => page.getByTestId(testid).first().innerText();
  const row = (siteId: string) => page.locator(`table.sites tr[data-site-id="${siteId}"]`);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureControlRoomBuilt();
    ({ stack, org, sites } = await startDispatchFleet());
    const listed = await stack.execute(`query { sites(first: 100) { edges { node { id name } } } }`, {}, org.apiKey);
    names = new Map((listed.data as { sites: { edges: { node: { id: string; name: string } }[] } }).sites.edges.map((e) => [e.node.id, e.node.name]));
    profile = mkdtempSync(join(tmpdir(), 'control-room-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1366, height: 768 },
      timeout: 30_000,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
    // Say which request failed, beside Chromium's bare "Failed to load resource".
    page.on('response', (response) => {
      if (response.status() >= 400) consoleErrors.push(`HTTP ${response.status()} ${response.url()} ${response.request().postData()?.slice(0, 300) ?? ''}`);
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stack?.close();
  }, 60_000);

  it('refuses a bad API key, then signs in with a good one kept in sessionStorage, never in the URL', async () => {
    await page.goto(`${stack.gatewayUrl}/control-room`);
    await page.getByLabel('API key').fill('dgw_this-is-not-a-key-of-anyone-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('sign-in-error').filter({ hasText: 'not accepted' }).waitFor();
    await shot('01-bad-key');

    await page.getByLabel('API key').fill(org.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('fleet-reporting').filter({ hasText: / of \d+ reporting$/ }).waitFor();
    expect(page.url()).not.toContain(org.apiKey);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toContain(org.apiKey);
    expect(await page.evaluate(() => document.cookie)).toBe('');
  }, 60_000);

  it('shows "N of M reporting" for the fleet once telemetry arrives', async () => {
    await page.waitForFunction(() => /^[1-9]\d* of \d+ reporting$/.test(document.querySelector('[data-testid=fleet-reporting]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const reporting = await textOf('fleet-reporting');
    const [, n, m] = /^(\d+) of (\d+) reporting$/.exec(reporting)!;
    expect(Number(m)).toBe(sites.length);
    expect(Number(n)).toBeGreaterThan(0);
    expect(await textOf('fleet-counts')).toMatch(/^\d+ pending · \d+ stale$/);
    expect(await textOf('fleet-grid')).toMatch(/importing from the grid|exporting to the grid|balanced/);
    expect(await textOf('fleet-energy-above-reserve')).toMatch(/kWh|MWh/);
    await page.locator('.histogram canvas').first().waitFor();
    await page.getByTestId('fleet-histogram-note').filter({ hasText: /mean backup reserve \d/ }).waitFor();
    await page.locator('table.sites tbody tr').first().waitFor();
    await shot('02-fleet-at-a-glance');
  }, 60_000);

  it('changes values on screen as telemetry arrives', async () => {
    const figures = () => Promise.all(['fleet-solar', 'fleet-battery', 'fleet-load', 'fleet-grid'].map(textOf)).then((v) => v.join(' | '));
    const before = await figures();
    const deadline = Date.now() + 30_000;
    let after = before;
    while (after === before && Date.now() < deadline) {
      await page.waitForTimeout(500);
      after = await figures();
    }
    expect(after).not.toBe(before);
    // Rows on screen stream too: some battery cell shows a live reading.
    await page.waitForFunction(() => [...document.querySelectorAll('table.sites td[data-col=battery]')].some((td) => /kW|idle/.test(td.textContent ?? '')));
    await shot('03-values-changed');
  }, 60_000);

  it('dispatches two sites with the readiness check first, follows their commands to success, and restores them after cancel', async () => {
    const chosen = [
      pick((s) => s.soc > 35 && s.sim.permissions.editSettingPermissionToExport !== false),
      pick((s) => s.soc > 35 && s.sim.permissions.editSettingPermissionToExport !== false),
    ];
    const originals = chosen.map((s) => s.sim.settings);
    for (const site of chosen) {
      // Find each site by name (selection stays while the filter changes).
      await page.getByLabel('Filter by name').fill(names.get(site.id)!);
      await row(site.id).locator('input[data-testid=select-site]').check();
    }
    await page.getByLabel('Filter by name').fill('');
    await page.getByTestId('selection-count').filter({ hasText: '2 selected' }).waitFor();
    await page.getByTestId('open-dispatch').click();
    await page.getByLabel('Mode').selectOption('DISCHARGE');
    await page.getByTestId('readiness-summary').filter({ hasText: '2 of 2 sites ready for discharge' }).waitFor();
    await shot('04-dispatch-readiness-check');

    await page.getByTestId('send-dispatch').click();
    await page.getByTestId('dispatch-progress').filter({ hasText: /^2 of 2 succeeded/ }).waitFor({ timeout: 45_000 });
    const dispatched = page.locator('[data-testid=dispatch-commands] tbody tr');
    expect(await dispatched.count()).toBe(2);
    await shot('05-dispatch-succeeded');

    await page.getByTestId('cancel-dispatch').click();
    await page.getByTestId('dispatch-progress').filter({ hasText: '0 restores pending' }).waitFor({ timeout: 45_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=dispatch-commands] td[data-status=SUCCEEDED]').length === 4, undefined, { timeout: 20_000 });
    await shot('06-dispatch-cancelled-restored');
    for (const [i, site] of chosen.entries()) {
      const after = (await simSite(stack, site.energySiteId)).settings;
      expect(after).toMatchObject({ exportRule: originals[i]!.exportRule, operationMode: originals[i]!.operationMode, backupReservePercent: originals[i]!.backupReservePercent });
    }
    await page.getByRole('button', { name: 'Close' }).last().click();
  }, 120_000);

  it('greys a site whose telemetry goes stale after a simulator fault, with the reason', async () => {
    const onScreen = await page.locator('table.sites tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['siteId']!));
    const site = sites.find((s) => onScreen.includes(s.id) && !s.sim.derived.stormModeActive)!;
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: site.energySiteId, status: 500 });
    try {
      await row(site.id).and(page.locator('[data-stale=true]')).waitFor({ timeout: 30_000 });
      expect(await row(site.id).locator('td[data-col=age]').innerText()).toMatch(/last poll failed/);
      expect(await row(site.id).evaluate((tr) => getComputedStyle(tr).filter)).toContain('grayscale');
      await page.getByTestId('fleet-counts').filter({ hasText: /[1-9]\d* stale/ }).waitFor({ timeout: 15_000 });
      await row(site.id).scrollIntoViewIfNeeded();
      await shot('07-stale-site-greyed');
    } finally {
      await stack.sim.clearFaults();
    }
    await row(site.id).and(page.locator('[data-stale=false]')).waitFor({ timeout: 30_000 });
  }, 90_000);

  it('opens a site from the keyboard: live flows, settings, readiness with remedies, history chart', async () => {
    const first = page.locator('table.sites tbody tr').first();
    await first.focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('site-detail');
    await detail.waitFor();
    await detail.getByTestId('site-live').filter({ hasText: /Battery/ }).waitFor();
    await detail.getByTestId('site-readiness').filter({ hasText: /Ready|Remedy/ }).waitFor();
    await detail.locator('.history canvas').first().waitFor({ timeout: 20_000 });
    await shot('08-site-detail');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  }, 60_000);

  it('shows programs, accounts and vehicles, and stays readable on a 4K wall screen, with no console errors', async () => {
    await page.getByRole('tab', { name: 'Accounts & vehicles' }).click();
    await page.getByTestId('accounts').filter({ hasText: /active/ }).waitFor();
    await page.getByTestId('vehicles').locator('tbody tr').first().waitFor();
    await shot('09-accounts-and-vehicles');
    await page.getByRole('tab', { name: 'Programs' }).click();
    await page.getByRole('heading', { name: 'Programs and events' }).waitFor();
    await shot('10-programs');
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.getByTestId('fleet-reporting').filter({ hasText: / of \d+ reporting$/ }).waitFor();
    await page.locator('table.sites tbody tr').first().waitFor();
    await page.waitForTimeout(1500);
    await shot('11-wall-screen-4k');
    // The README's picture (src/control-room/docs/screenshot.png is a copy of it).
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.waitForTimeout(1500);
    await shot('12-overview-1600');
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
