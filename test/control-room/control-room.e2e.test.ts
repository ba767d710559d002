import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CreateProgramDocument, EnrollSitesDocument, ScheduleProgramEventDocument } from '../../schema/generated/graphql.js';
import { simSite, siteSelector, startDispatchFleet, type DemoOrganization, type FleetSite } from '../helpers/dispatch-fleet.js';
import type { TestStack } from '../helpers/test-stack.js';
import { waitUntil, wsClients } from '../helpers/ws-client.js';
import { ensureControlRoomBuilt } from './control-room-assets.js';

/**
 * The control room in a real browser (Debian's Chromium, headless, driven by playwright-core) against
 * the sandbox: the simulator runs a summer afternoon at one simulated minute per second and the
 * gateway polls every second, so values move and batteries answer a dispatch within seconds.
 * Screenshots of each step go to test/control-room/artifacts/<backend>/ (postgres or pglite), emptied first.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARTIFACTS = new URL(`./artifacts/${process.env['DATABASE_URL'] ? 'postgres' : 'pglite'}/`, import.meta.url).pathname;
// Without the background-networking flags Chromium's own connections are refused on a closed network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** What the simulator answers the faulty site's tariff write with: the dispatch step must fail in these words. */
const TESLA_WORDS = 'tou_settings rejected: the site is applying a firmware update';
const PAGE_SIZE = 25;
const FIVE_MINUTES = 5 * 60_000;

describe('control room in Chromium', () => {
  let stack: TestStack;
  let org: DemoOrganization;
  let sites: FleetSite[];
  let names: Map<string, string>;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  /** From when the sites are polled (a fleet subscription of the test's own, open throughout): program baselines need it. */
  let pollingSince = 0;
  const ws = wsClients();
  const consoleErrors: string[] = [];
  /** Every siteTelemetry subscribe the page sent, and the ones still open (by graphql-ws id). */
  const telemetrySubscribes: string[][] = [];
  const openTelemetry = new Map<string, string[]>();
  const { pick } = siteSelector(() => sites);

  const shot = async (name: string) => {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  };
  const textOf = (testid: string) => page.getByTestId(testid).first().innerText();
  const row = (siteId: string) => page.locator(`table.sites tr[data-site-id="${siteId}"]`);
  const renderedRowIds = () => page.locator('table.sites tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['siteId']!).sort());
  const openTelemetryIds = () => [...new Set([...openTelemetry.values()].flat())].sort();
  const selectByName = async (site: FleetSite) => {
    // Find each site by name (selection stays while the filter changes).
    await page.getByLabel('Filter by name').fill(names.get(site.id)!);
    await row(site.id).locator('input[data-testid=select-site]').check();
  };
  /** Where the keyboard focus is, in the terms the steps below check. */
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        tag: el?.tagName ?? '',
        testid: el?.dataset['testid'] ?? '',
        role: el?.getAttribute('role') ?? '',
        name: el?.textContent ?? '',
        siteId: el?.closest('table.sites tbody tr')?.getAttribute('data-site-id') ?? '',
        onRow: el?.matches('table.sites tbody tr') ?? false,
        onCheckbox: el?.matches('table.sites tbody input[type=checkbox]') ?? false,
        inPanel: Boolean(el?.closest('[data-testid=dispatch-panel]')),
      };
    });
  type Focus = Awaited<ReturnType<typeof focused>>;
  /** Presses a key (Tab, Shift+Tab) until the focus is where `reached` says, as a keyboard user would. */
  const pressUntil = async (key: string, reached: (focus: Focus) => boolean, presses = 60): Promise<Focus> => {
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press(key);
      const focus = await focused();
      if (reached(focus)) return focus;
    }
    throw new Error(`${presses} presses of ${key} did not get there; the focus is on ${JSON.stringify(await focused())}`);
  };
  const rowHeights = () => page.locator('table.sites tbody tr').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`);
    // This run's screenshots only: none left over from an earlier run to be mistaken for this one's.
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureControlRoomBuilt();
    ({ stack, org, sites } = await startDispatchFleet({
      // The fixture's summer afternoon lies months behind the wall clock: keep its history readable.
      TELEMETRY_RETENTION_DAYS: '0',
      // The program event's restores and settling, in seconds rather than minutes.
      EVENT_RESTORE_STAGGER_S: '2',
      EVENT_SETTLE_DELAY_S: '2',
    }));
    // Watching the fleet has every site polled, whichever view the console shows: the program
    // event's baseline (the 5 minutes before it) is measured from these samples.
    const fleet = ws.subscribe(ws.client(stack.gatewayUrl, org.apiKey), 'subscription { fleetTelemetry { reportingSiteCount } }');
    await waitUntil(() => fleet.events.some((e) => (e as { fleetTelemetry: { reportingSiteCount: number } }).fleetTelemetry.reportingSiteCount > 0), 30_000, 'the first polls');
    pollingSince = Date.now();
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
    // What the page asks for over graphql-ws: which sites it subscribes to, and when it stops.
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { id?: string; type: string; payload?: { query?: string; variables?: { siteIds?: string[] } } };
        if (message.type === 'subscribe' && message.payload?.query?.includes('siteTelemetry(')) {
          const ids = message.payload.variables?.siteIds ?? [];
          telemetrySubscribes.push(ids);
          openTelemetry.set(message.id!, ids);
        }
        if (message.type === 'complete') openTelemetry.delete(message.id!);
      });
      socket.on('close', () => openTelemetry.clear());
    });
  }, 120_000);

  // Each step on its own: an error logged by the page fails the step during which it was logged.
  afterEach(() => {
    expect(consoleErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await ws.disposeAll();
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
    // Number columns are right-aligned, headers and values alike.
    for (const label of ['Battery', 'Charge', 'Reserve']) {
      const header = page.locator('table.sites thead th').filter({ hasText: label });
      expect(await header.evaluate((th) => getComputedStyle(th).textAlign)).toBe('right');
    }
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

  it('subscribes to live telemetry for the rows on screen only, at most a page of 25, and moves the subscription with the page', async () => {
    const batterySites = sites.filter((s) => s.sim.hasBattery).length;
    // The demo fleet has more battery sites than a page holds: there is a page 2.
    expect(batterySites).toBeGreaterThan(PAGE_SIZE);
    const firstPage = await renderedRowIds();
    expect(firstPage).toHaveLength(PAGE_SIZE);
    await expect.poll(openTelemetryIds).toEqual(firstPage);

    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByTestId('sites-count').filter({ hasText: `${PAGE_SIZE + 1}–${batterySites} of ${batterySites} sites` }).waitFor();
    const secondPage = await renderedRowIds();
    expect(secondPage).toHaveLength(batterySites - PAGE_SIZE);
    // Page 1's subscription was completed, page 2's rows alone are streamed.
    await expect.poll(openTelemetryIds).toEqual(secondPage);

    await page.getByRole('button', { name: '← Previous' }).click();
    await page.getByTestId('sites-count').filter({ hasText: `1–${PAGE_SIZE} of ${batterySites} sites` }).waitFor();
    await expect.poll(openTelemetryIds).toEqual(firstPage);
    expect(telemetrySubscribes.length).toBeGreaterThanOrEqual(3);
    for (const ids of telemetrySubscribes) expect(ids.length).toBeLessThanOrEqual(PAGE_SIZE);
  }, 60_000);

  it('sorts the whole fleet by charge through the API, the settings columns within the page (saying so)', async () => {
    const charges = () => page.locator('table.sites td[data-col=soc]').evaluateAll((cells) => cells.map((td) => parseFloat(td.textContent ?? '')).filter((v) => !Number.isNaN(v)));
    const ascending = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1]! <= v);
    type PageRead = { variables: { orderBy?: { field: string; direction: string }; after: string | null } };
    /** The console's next page read in this order (not the minutely re-read of the page it shows). */
    const nextPageOrder = (field: string) =>
      page
        .waitForRequest((r) => r.url().endsWith('/graphql') && (r.postData() ?? '').includes('CrSitesPage') && (JSON.parse(r.postData()!) as PageRead).variables.orderBy?.field === field)
        .then((r) => (JSON.parse(r.postData()!) as PageRead).variables);
    const asked = nextPageOrder('STATE_OF_CHARGE');
    await page.locator('table.sites thead button[data-sort=soc]').click();
    // The whole list is ordered by the API (sites(orderBy:)), from its first page: no "this page".
    expect(await asked).toMatchObject({ orderBy: { field: 'STATE_OF_CHARGE', direction: 'ASC' }, after: null });
    await page.locator('table.sites thead th').filter({ hasText: 'Charge ▲' }).waitFor();
    expect(await page.getByTestId('sort-scope').count()).toBe(0);
    // The new page's rows fill in as their subscription replays each site's latest sample.
    await expect.poll(async () => (await charges()).length).toBeGreaterThan(10);
    await expect.poll(async () => ascending(await charges())).toBe(true);
    // The lowest charge of the fleet is on this first page.
    const fleetLowest = await stack.execute(`query { sites(first: 1, filter: { hasBattery: true }, orderBy: { field: STATE_OF_CHARGE }) { edges { node { id } } } }`, {}, org.apiKey);
    const lowestId = (fleetLowest.data as { sites: { edges: { node: { id: string } }[] } }).sites.edges[0]!.node.id;
    expect(await renderedRowIds()).toContain(lowestId);
    await shot('03b-sorted-by-charge');
    // A settings column sorts the 25 rows on screen of the name order, and the header says "this page".
    const byName = nextPageOrder('NAME');
    await page.locator('table.sites thead button[data-sort=reserve]').click();
    expect(await byName).toMatchObject({ orderBy: { field: 'NAME', direction: 'ASC' }, after: null });
    await page.locator('table.sites thead th').filter({ hasText: 'Reserve ▲ this page' }).waitFor();
    await page.locator('table.sites thead button[data-sort=name]').click();
    await page.locator('table.sites thead th').filter({ hasText: 'Site ▲' }).waitFor();
    expect(await page.getByTestId('sort-scope').count()).toBe(0);
  }, 30_000);

  it('works from the keyboard alone: Tab to a row, Space selects it, the dispatch panel takes the focus and Esc gives it back; arrows move between views', async () => {
    // A fresh page: the focus starts from the document, not from an earlier step.
    await page.reload();
    await page.locator('table.sites tbody tr').first().waitFor();
    const onRow = await pressUntil('Tab', (f) => f.onRow);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await shot('04a-keyboard-focused-row');
    await page.keyboard.press(' ');
    await page.getByTestId('selection-count').filter({ hasText: '1 selected' }).waitFor();
    expect(await row(onRow.siteId).locator('input[data-testid=select-site]').isChecked()).toBe(true);

    await pressUntil('Shift+Tab', (f) => f.testid === 'open-dispatch');
    await page.keyboard.press('Enter');
    await page.getByTestId('dispatch-panel').waitFor();
    expect((await focused()).inPanel).toBe(true);
    // At 1366 px the panel lies over the right of the table: what it covers is out of Tab's reach, the rows are not.
    const underPanel = page.getByRole('button', { name: 'Next →' });
    expect(await underPanel.evaluate((b) => b.closest('[inert]') !== null)).toBe(true);
    expect(await row(onRow.siteId).evaluate((tr) => tr.closest('[inert]') === null)).toBe(true);
    await page.getByTestId('readiness-summary').waitFor();
    await shot('04b-keyboard-dispatch-panel');
    await page.keyboard.press('Escape');
    await page.getByTestId('dispatch-panel').waitFor({ state: 'detached' });
    expect((await focused()).testid).toBe('open-dispatch');
    expect(await underPanel.evaluate((b) => b.closest('[inert]') === null)).toBe(true);

    // The views are a tab list: one Tab stop, arrow keys move between them and open them.
    const onTab = await pressUntil('Shift+Tab', (f) => f.role === 'tab');
    expect(onTab.name).toBe('Overview');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toMatchObject({ role: 'tab', name: 'Programs' });
    const programs = page.getByRole('tab', { name: 'Programs' });
    expect(await programs.getAttribute('aria-selected')).toBe('true');
    expect(await programs.getAttribute('tabindex')).toBe('0');
    expect(await page.getByRole('tab', { name: 'Overview' }).getAttribute('tabindex')).toBe('-1');
    await page.getByRole('tabpanel', { name: 'Programs' }).getByRole('heading', { name: 'Programs and events' }).waitFor();
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toMatchObject({ role: 'tab', name: 'Overview' });
    await page.getByRole('tabpanel', { name: 'Overview' }).locator('table.sites tbody tr').first().waitFor();
  }, 60_000);

  it('keeps the keyboard focus on the same site’s row or box while the rows are re-read and re-sorted', async () => {
    // `?refreshSeconds=3`: the page's settings re-read every 3 s instead of every minute.
    await page.goto(`${stack.gatewayUrl}/control-room?refreshSeconds=3`);
    await page.locator('table.sites tbody tr').first().waitFor();
    /** Waits until the focused element has been replaced (the rows rebuilt from a re-read), then says where the focus is. */
    const afterRebuild = async () => {
      await page.evaluate(() => ((window as unknown as { focusedBefore: Element | null }).focusedBefore = document.activeElement));
      await page.waitForFunction(() => !document.body.contains((window as unknown as { focusedBefore: Element }).focusedBefore), undefined, { timeout: 10_000 });
      return focused();
    };
    const onRow = await pressUntil('Tab', (f) => f.onRow);
    expect(await afterRebuild()).toMatchObject({ onRow: true, siteId: onRow.siteId });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ onCheckbox: true, siteId: onRow.siteId });
    expect(await afterRebuild()).toMatchObject({ onCheckbox: true, siteId: onRow.siteId });

    // Sorted by charge, the rows move as samples arrive: the focused box moves with its site.
    await page.locator('table.sites thead button[data-sort=soc]').click();
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset['sort'])).toBe('soc');
    const onBox = await pressUntil('Tab', (f) => f.onCheckbox);
    for (let i = 0; i < 3; i++) {
      await page.waitForTimeout(1500);
      expect(await focused()).toMatchObject({ onCheckbox: true, siteId: onBox.siteId });
    }
    await page.goto(`${stack.gatewayUrl}/control-room`);
    await page.locator('table.sites tbody tr').first().waitFor();
  }, 60_000);

  it('dispatches three sites with the readiness check first, shows the one Tesla refused with its words, and restores them after cancel', async () => {
    const chosen = [
      pick((s) => s.soc > 35 && s.sim.permissions.editSettingPermissionToExport !== false),
      pick((s) => s.soc > 35 && s.sim.permissions.editSettingPermissionToExport !== false),
    ];
    const faulty = pick((s) => s.soc > 35 && s.sim.permissions.editSettingPermissionToExport !== false);
    const all = [...chosen, faulty];
    const originals = all.map((s) => s.sim.settings);
    const heightsClosed = await rowHeights();
    for (const site of chosen) await selectByName(site);
    await page.getByLabel('Filter by name').fill('');
    await page.getByTestId('selection-count').filter({ hasText: '2 selected' }).waitFor();
    await page.getByTestId('open-dispatch').click();
    await page.getByLabel('Mode').selectOption('DISCHARGE');
    await page.getByTestId('readiness-summary').filter({ hasText: '2 of 2 sites ready for discharge' }).waitFor();
    // At 1366 px the panel lies over the table: rows keep their one-line height (no names wrapping onto three lines).
    await page.getByLabel('Filter by name').fill('');
    await page.locator('table.sites tbody tr').nth(PAGE_SIZE - 1).waitFor();
    expect(Math.max(...(await rowHeights()))).toBeLessThanOrEqual(Math.max(...heightsClosed) * 1.25);
    await shot('04-dispatch-readiness-check');

    // A site selected while the panel is open is checked too (the check is what Send sends).
    await selectByName(faulty);
    await page.getByLabel('Filter by name').fill('');
    await page.getByTestId('readiness-summary').filter({ hasText: '3 of 3 sites ready for discharge' }).waitFor();

    // Tesla refuses the third site's tariff write: its dispatch step fails, in Tesla's words.
    await stack.sim.addFault({ endpoint: 'time_of_use_settings', deviceId: faulty.energySiteId, status: 400, error: TESLA_WORDS });
    try {
      await page.getByTestId('send-dispatch').click();
      await page.getByTestId('dispatch-progress').waitFor();
      // The form is gone once sent: no second Send, no second Close.
      await expect.poll(() => page.getByTestId('send-dispatch').isVisible()).toBe(false);
      expect(await page.locator('.dispatch-form').evaluate((form) => getComputedStyle(form).display)).toBe('none');
      expect(await page.getByRole('button', { name: 'Close', exact: true }).count()).toBe(1);
      await page.getByTestId('dispatch-progress').filter({ hasText: /^2 of 3 succeeded · 1 failed/ }).waitFor({ timeout: 60_000 });
      const failed = page.locator(`[data-testid=dispatch-commands] tr[data-site-id="${faulty.id}"] td[data-status=FAILED] .reason`);
      expect(await failed.innerText()).toContain(TESLA_WORDS);
      const dispatched = page.locator('[data-testid=dispatch-commands] tbody tr');
      expect(await dispatched.count()).toBe(3);
      await shot('05-dispatch-succeeded-one-failed');
    } finally {
      await stack.sim.clearFaults();
    }

    await page.getByTestId('cancel-dispatch').click();
    await page.getByTestId('dispatch-progress').filter({ hasText: '0 restores pending' }).waitFor({ timeout: 45_000 });
    // Two dispatch steps and three restores succeeded; the refused step stays FAILED.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=dispatch-commands] td[data-status=SUCCEEDED]').length === 5, undefined, { timeout: 20_000 });
    expect(await page.locator('[data-testid=dispatch-commands] td[data-status=FAILED]').count()).toBe(1);
    await page.getByTestId('cancel-status').filter({ hasText: 'Cancelled: every site’s settings are restored' }).waitFor();
    await shot('06-dispatch-cancelled-restored');
    for (const [i, site] of all.entries()) {
      const after = (await simSite(stack, site.energySiteId)).settings;
      expect(after).toMatchObject({ exportRule: originals[i]!.exportRule, operationMode: originals[i]!.operationMode, backupReservePercent: originals[i]!.backupReservePercent });
    }
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('dispatch-panel').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Clear selection' }).click();
  }, 150_000);

  it('re-opens a dispatch still running after its panel was closed and the page reloaded, and cancels it from there', async () => {
    const site = pick((s) => s.soc > 35 && s.sim.permissions.editSettingPermissionToExport !== false);
    const original = site.sim.settings;
    await selectByName(site);
    await page.getByLabel('Filter by name').fill('');
    await page.getByTestId('open-dispatch').click();
    await page.getByLabel('Mode').selectOption('DISCHARGE');
    await page.getByTestId('readiness-summary').filter({ hasText: '1 of 1 sites ready for discharge' }).waitFor();
    await page.getByTestId('send-dispatch').click();
    await page.getByTestId('dispatch-progress').filter({ hasText: /^1 of 1 succeeded/ }).waitFor({ timeout: 60_000 });
    // Closed while it runs: the toolbar offers the way back, and still does after a reload.
    await page.keyboard.press('Escape');
    await page.getByTestId('dispatch-panel').waitFor({ state: 'detached' });
    const reopen = page.getByTestId('reopen-dispatch');
    expect(await reopen.innerText()).toMatch(/^Active dispatch: discharge until /);
    await page.reload();
    await reopen.waitFor();
    await shot('06a-active-dispatch-after-reload');
    await reopen.click();
    await page.getByTestId('dispatch-progress').filter({ hasText: /^1 of 1 succeeded/ }).waitFor();
    expect((await focused()).inPanel).toBe(true);
    expect(await page.locator(`[data-testid=dispatch-commands] tr[data-site-id="${site.id}"] td[data-status=SUCCEEDED]`).count()).toBe(1);

    await page.getByTestId('cancel-dispatch').click();
    await page.getByTestId('dispatch-progress').filter({ hasText: '0 restores pending' }).waitFor({ timeout: 45_000 });
    await page.getByTestId('cancel-status').filter({ hasText: 'Cancelled: every site’s settings are restored' }).waitFor();
    await shot('06b-reopened-dispatch-cancelled');
    expect((await simSite(stack, site.energySiteId)).settings).toMatchObject({ exportRule: original.exportRule, operationMode: original.operationMode, backupReservePercent: original.backupReservePercent });
    // Ended and restored: nothing is left to re-open, on screen or in sessionStorage.
    await reopen.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => sessionStorage.getItem('derms-control-room.activeDispatches'))).toBeNull();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('dispatch-panel').waitFor({ state: 'detached' });
  }, 150_000);

  it('greys a site whose telemetry goes stale after a simulator fault, with the reason, under a table head that stays in view', async () => {
    // A site near the bottom of the page: in view once the table is scrolled to its end.
    const lowRows = (await page.locator('table.sites tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['siteId']!))).slice(-6);
    const site = sites.find((s) => lowRows.includes(s.id) && !s.sim.derived.stormModeActive)!;
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: site.energySiteId, status: 500 });
    try {
      await row(site.id).and(page.locator('[data-stale=true]')).waitFor({ timeout: 30_000 });
      expect(await row(site.id).locator('td[data-col=age]').innerText()).toMatch(/last poll failed/);
      expect(await row(site.id).evaluate((tr) => getComputedStyle(tr).filter)).toContain('grayscale');
      // Greyed by colour, not by opacity, which would dim the reason in the age cell too.
      expect(await row(site.id).evaluate((tr) => getComputedStyle(tr).opacity)).toBe('1');
      await page.getByTestId('fleet-counts').filter({ hasText: /[1-9]\d* stale/ }).waitFor({ timeout: 15_000 });
      // Scrolled to the bottom of the table, its head sits right under the top bar.
      await page.locator('table.sites tbody tr').last().scrollIntoViewIfNeeded();
      const { headBottom, thTop, scrolled } = await page.evaluate(() => ({
        headBottom: document.querySelector('header.top')!.getBoundingClientRect().bottom,
        thTop: document.querySelector('table.sites thead th')!.getBoundingClientRect().top,
        scrolled: window.scrollY,
      }));
      expect(scrolled).toBeGreaterThan(0);
      expect(Math.abs(thTop - headBottom)).toBeLessThanOrEqual(2);
      expect(await row(site.id).isVisible()).toBe(true);
      await shot('07-stale-site-greyed');
    } finally {
      await stack.sim.clearFaults();
    }
    await row(site.id).and(page.locator('[data-stale=false]')).waitFor({ timeout: 30_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
  }, 90_000);

  it('opens a site from the keyboard: live flows, settings, readiness with remedies, a history chart with many points', async () => {
    // A site with a blocker, so its readiness must show the remedy.
    const blocked = page.locator('table.sites tbody tr').filter({ has: page.locator('td.readiness.warn') }).first();
    await blocked.focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('site-detail');
    await detail.waitFor();
    await detail.getByTestId('site-live').filter({ hasText: /Battery/ }).waitFor();
    await detail.getByTestId('site-settings').filter({ hasText: /Backup reserve\s*\d+ %/ }).waitFor();
    await detail.getByTestId('site-readiness').filter({ hasText: /Remedy: \S/ }).waitFor();
    await detail.locator('.history canvas').first().waitFor({ timeout: 30_000 });
    // The simulated day lies months behind this computer's: the window follows the site's clock, so
    // the chart holds the site's last 24 h (Tesla's calendar history), not one stray point.
    const note = detail.getByTestId('history-note');
    await note.filter({ hasText: /\b\d{2,} points\b/ }).waitFor({ timeout: 30_000 });
    expect(await note.innerText()).toMatch(/site’s own clock/);
    await detail.locator('.history').scrollIntoViewIfNeeded();
    await shot('08-site-detail');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  }, 60_000);

  it('shows accounts with the scopes their devices lack and the remedy link, and the pairing link of an unpaired car', async () => {
    // A second customer (with a car) consented to reading energy only: energy_cmds is missing, and no
    // vehicle scope is asked for, since the consent asked for none (an energy-only integration).
    await stack.connectAccount(org.organizationId, 'small', ['openid', 'offline_access', 'energy_device_data']);
    const demoUser = (await stack.sim.account('demo')).userId;
    const smallUser = (await stack.sim.account('small')).userId;
    await page.getByRole('tab', { name: 'Accounts & vehicles' }).click();
    const accounts = page.getByTestId('accounts');
    await accounts.filter({ hasText: /active/ }).waitFor();
    const demoRow = accounts.locator(`tr[data-tesla-user-id="${demoUser}"]`);
    const smallRow = accounts.locator(`tr[data-tesla-user-id="${smallUser}"]`);
    expect(await demoRow.locator('td[data-col=missing-scopes]').innerText()).toBe('none');
    expect(await smallRow.locator('td[data-col=missing-scopes]').innerText()).toBe('energy_cmds');
    await smallRow.getByTestId('create-connect-link').click();
    const link = smallRow.getByTestId('connect-link');
    await link.waitFor();
    // The reconnect link asks again for what was granted, plus what is missing — nothing for the car.
    const asked = new URL((await link.getAttribute('href'))!).searchParams.get('scope')!.split(' ').sort();
    expect(asked).toEqual(['energy_cmds', 'energy_device_data', 'offline_access', 'openid']);

    const listed = await stack.execute(`query { vehicles(first: 100) { edges { node { vin keyPaired pairingUrl } } } }`, {}, org.apiKey);
    const cars = (listed.data as { vehicles: { edges: { node: { vin: string; keyPaired: boolean | null; pairingUrl: string } }[] } }).vehicles.edges.map((e) => e.node);
    const unpaired = cars.find((c) => c.keyPaired === false)!;
    expect(unpaired).toBeDefined();
    const pairing = page.getByTestId('vehicles').locator(`tr[data-vin="${unpaired.vin}"] td[data-col=pairing] a`);
    expect(await pairing.getAttribute('href')).toBe(unpaired.pairingUrl);
    expect(await pairing.innerText()).toMatch(/Pairing link/);
    await shot('09-accounts-and-vehicles');
  }, 60_000);

  it('stays readable on a 4K wall screen, with the histogram labelled every 10 % and cards their own height', async () => {
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.getByTestId('fleet-reporting').filter({ hasText: / of \d+ reporting$/ }).waitFor();
    await page.locator('table.sites tbody tr').first().waitFor();
    await page.waitForTimeout(1500);
    // The cards keep the height of what they hold, not stretched to the histogram card's (they all fit one row here).
    const heights = await page.evaluate(() => ({
      cards: document.querySelector('.fleet-body .cards')!.getBoundingClientRect().height,
      histogram: document.querySelector('.histogram-card')!.getBoundingClientRect().height,
    }));
    expect(heights.cards).toBeLessThan(heights.histogram * 0.8);
    // The histogram's x axis is labelled every 10 %, and the canvas has room for all of "100 %".
    const axis = await page.evaluate(() => {
      const box = document.querySelector('.histogram') as HTMLElement;
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${Math.round(parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.75)}px system-ui, sans-serif`;
      return { ticks: box.dataset['ticks'], rightRoom: Number(box.dataset['rightRoom']), halfLabel: context.measureText('100 %').width / 2 };
    });
    expect(axis.ticks).toBe('0,10,20,30,40,50,60,70,80,90,100');
    expect(axis.rightRoom).toBeGreaterThanOrEqual(axis.halfLabel);
    await shot('11-wall-screen-4k');
    // The README's picture (src/control-room/docs/screenshot.png is a copy of it).
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.waitForTimeout(1500);
    await shot('12-overview-1600');
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 60_000);

  it('shows a program event on the timeline and its achieved kW once it has run', async () => {
    const created = await stack.execute(
      CreateProgramDocument,
      { input: { name: 'Evening peak (e2e)', kind: 'DEMAND_RESPONSE', transport: 'FLEET_API', baseline: { method: 'PRE_EVENT_WINDOW', windowMinutes: 5 } } },
      org.apiKey,
    );
    expect(created.errors).toBeUndefined();
    const programId = created.data!.createProgram.program.id;
    const enrolled = await stack.execute(EnrollSitesDocument, { input: { programId, siteIds: sites.filter((s) => s.sim.hasBattery).map((s) => s.id) } }, org.apiKey);
    expect(enrolled.errors).toBeUndefined();
    expect(enrolled.data!.enrollSites.enrolled.length).toBeGreaterThan(0);

    // The baseline is the 5-minute interval before the event's first (clock-aligned) one: the sites
    // must have been polled in it, so the event starts in a later interval than the first polls. On
    // this fixture that can mean waiting for the next 5-minute boundary (the simulator's own history
    // is of a June day, so Tesla's calendar_history cannot stand in for the polls).
    const start = Math.max(Date.now() + 8_000, Math.ceil(pollingSince / FIVE_MINUTES) * FIVE_MINUTES + 2_000);
    const end = start + 30_000;
    const scheduled = await stack.execute(
      ScheduleProgramEventDocument,
      { input: { programId, mode: 'DISCHARGE', start: new Date(start).toISOString(), end: new Date(end).toISOString(), enableGridInteraction: true, idempotencyKey: 'control-room-e2e' } },
      org.apiKey,
    );
    expect(scheduled.errors).toBeUndefined();
    const eventId = scheduled.data!.scheduleProgramEvent.event.id;

    await page.getByRole('tab', { name: 'Programs' }).click();
    await page.getByRole('heading', { name: 'Programs and events' }).waitFor();
    await page.locator(`.timeline .event[data-event-id="${eventId}"]`).waitFor();
    // Hour labels under the timeline: every 6 h over its 48 h.
    expect(await page.getByTestId('timeline-axis').locator('span').count()).toBeGreaterThanOrEqual(7);
    const eventRow = page.locator(`[data-testid=program-events] tr[data-event-id="${eventId}"]`);
    expect(await eventRow.locator('td[data-col=requested]').innerText()).toMatch(/^\d+\.\d kW$/);
    await shot('10-programs');

    await eventRow.locator('td[data-col=status][data-status=COMPLETED]').waitFor({ timeout: end - Date.now() + 60_000 });
    await eventRow.locator('td[data-col=achieved]').filter({ hasText: /^-?\d+\.\d kW$/ }).waitFor({ timeout: 30_000 });
    await shot('13-program-event-achieved');
    // The event's own work ends before the stack does: every site restored, the performance frozen.
    const settled = async () => {
      const result = await stack.execute(`query($id: ID!) { programEvent(id: $id) { performance { frozen } dispatch { progress { queued sent restoresPending } } } }`, { id: eventId }, org.apiKey);
      const event = (result.data as { programEvent: { performance: { frozen: boolean } | null; dispatch: { progress: { queued: number; sent: number; restoresPending: number } } | null } }).programEvent;
      const progress = event.dispatch?.progress;
      return Boolean(event.performance?.frozen && progress && progress.queued + progress.sent + progress.restoresPending === 0);
    };
    await expect.poll(settled, { timeout: 60_000, interval: 1000 }).toBe(true);
  }, 480_000);
});
