import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ensureControlRoomBuilt } from '../control-room/control-room-assets.js';
import { round } from './lib/stats.js';

/**
 * The bench's `console` scenario: the control room (GET /control-room, as built in
 * src/control-room/dist/) in Debian's Chromium, headless, driven by playwright-core with the e2e
 * test's launch flags, against a gateway whose organization holds the whole `large` fleet. Signed in
 * as after the sign-in form (the key in the tab's sessionStorage), on a fresh profile (cold cache).
 * Times on the page are read from the browser's own clock (performance.now(), 0 = navigation start)
 * by a recorder installed before the page's scripts, so the driver's round trips are not in them.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// As in test/control-room/control-room.e2e.test.ts: without the background-networking flags Chromium's own connections are refused on a closed network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const KEY_STORAGE = 'derms-control-room.apiKey';
/** The console's page of sites (src/control-room/web/src/sites.ts). */
export const CONTROL_ROOM_PAGE_SIZE = 25;

export interface ControlRoomFigures {
  /** The fleet the organization holds: the M "N of M reporting" should show. */
  sites: number;
  pageSize: number;
  /** Navigation start → the sites table's first row in the DOM (browser clock). */
  firstRowsMs: number;
  /** Rows on the first page, and the total the table reports ("1–25 of T sites": battery sites only, the default). */
  rowsOnPage: number;
  tableTotal: string;
  /** Navigation start → "N of M reporting" with M = sites and N > 0, or null when not within the bounded wait. */
  reportingMs: number | null;
  /** What the fleet figure showed when reached (or when the wait ran out). */
  reportingText: string;
  reportingWaitS: number;
  /** Distinct site ids in every siteTelemetry subscribe frame sent up to the end of the first page's load. */
  subscribedIdsAfterLoad: number;
  /** Whether those were exactly the rows on screen. */
  subscribedMatchesRowsAfterLoad: boolean;
  /** Open siteTelemetry subscriptions' distinct site ids after Next → and ← Previous (should be page 1's rows). */
  openIdsAfterPaging: number;
  openMatchesRowsAfterPaging: boolean;
  /** Distinct site ids over every subscribe frame of the scenario (two pages at most: ≤ 2 × pageSize). */
  subscribedIdsTotal: number;
  /** siteTelemetry subscribe frames sent, and the most site ids any one of them carried (≤ pageSize). */
  subscribeFrames: number;
  maxIdsPerSubscribe: number;
  /** Click on Next → until the table shows rows 26–50 (browser clock); the same for ← Previous back to 1–25. */
  pageForwardMs: number;
  pageBackMs: number;
  /** After the live window: click on the Charge column until other rows (the fleet's lowest charges) are on screen. */
  sortByChargeMs: number;
  /** The live window: its length, fleet and site updates received in it, main-thread long tasks in it. */
  liveS: number;
  fleetUpdates: number;
  siteSamples: number;
  longTasks: { count: number; totalMs: number; maxMs: number };
  /** Site samples received over the whole scenario, and the rows on screen with a reading at the end of the live window. */
  siteSamplesTotal: number;
  rowsWithReading: number;
  /** The fleet figure at the end of the live window. */
  reportingTextEnd: string;
  /** Long tasks from navigation to the end of paging (the load). */
  loadLongTasks: { count: number; totalMs: number; maxMs: number };
  /** JS heap used (CDP Performance.getMetrics JSHeapUsedSize), MiB, at the start and the end of the live window. */
  heapUsedMiB: { start: number; end: number };
  /** Console errors, page errors and HTTP ≥ 400 answers over the scenario; the first few. */
  consoleErrors: number;
  sampleErrors: string[];
}

interface Recorder {
  firstRowsAt: number | null;
  reportingAt: number | null;
  reportingText: string;
  longTasks: [number, number][];
}

/** Installed before the page's own scripts: when the first row and the fleet figure appear, and every long task. */
function recorder(expectedSites: number): void {
  const state: Recorder = { firstRowsAt: null, reportingAt: null, reportingText: '', longTasks: [] };
  (window as unknown as { __bench: Recorder }).__bench = state;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No longtask support: the counts stay at 0 (Chromium has it).
  }
  const check = () => {
    if (state.firstRowsAt === null && document.querySelector('table.sites tbody tr[data-site-id]')) state.firstRowsAt = performance.now();
    const shown = document.querySelector('[data-testid=fleet-reporting]')?.textContent ?? '';
    if (shown) state.reportingText = shown;
    const match = /^(\d+) of (\d+) reporting$/.exec(shown);
    if (state.reportingAt === null && match && Number(match[1]) > 0 && Number(match[2]) === expectedSites) state.reportingAt = performance.now();
    if (state.firstRowsAt !== null && state.reportingAt !== null) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

const tally = (tasks: [number, number][]) => ({
  count: tasks.length,
  totalMs: Math.round(tasks.reduce((sum, [, d]) => sum + d, 0)),
  maxMs: Math.round(Math.max(0, ...tasks.map(([, d]) => d))),
});
const distinct = (lists: Iterable<string[]>) => new Set([...lists].flat());
const sameSet = (a: Set<string>, b: string[]) => a.size === b.length && b.every((id) => a.has(id));

export async function measureControlRoom(o: { gatewayUrl: string; apiKey: string; sites: number; liveS?: number; reportingWaitS?: number; log?: (message: string) => void }): Promise<ControlRoomFigures> {
  const liveS = o.liveS ?? 10;
  const reportingWaitS = o.reportingWaitS ?? 60;
  const log = o.log ?? (() => undefined);
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  await ensureControlRoomBuilt();

  const profile = mkdtempSync(join(tmpdir(), 'bench-control-room-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1366, height: 768 }, timeout: 30_000 });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);

    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`HTTP ${response.status()} ${response.url()}`);
    });

    // What the page says over graphql-ws: its siteTelemetry subscribes (by id, and which are open), and the updates it receives.
    const subscribes: string[][] = [];
    const openTelemetry = new Map<string, string[]>();
    let fleetId: string | null = null;
    const received = { fleet: 0, site: 0 };
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { id?: string; type: string; payload?: { query?: string; variables?: { siteIds?: string[] } } };
        if (message.type === 'subscribe' && message.payload?.query?.includes('siteTelemetry(')) {
          const ids = message.payload.variables?.siteIds ?? [];
          subscribes.push(ids);
          openTelemetry.set(message.id!, ids);
        }
        if (message.type === 'subscribe' && message.payload?.query?.includes('fleetTelemetry')) fleetId = message.id!;
        if (message.type === 'complete') openTelemetry.delete(message.id!);
      });
      socket.on('framereceived', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { id?: string; type: string };
        if (message.type !== 'next') return;
        if (message.id === fleetId) received.fleet++;
        else if (message.id && openTelemetry.has(message.id)) received.site++;
      });
      socket.on('close', () => openTelemetry.clear());
    });

    // tsx (esbuild's keepNames) wraps named functions in `__name(…)`: the functions this file sends to the page need it there too.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.addInitScript(([key, storageKey]) => sessionStorage.setItem(storageKey, key), [o.apiKey, KEY_STORAGE] as const);
    await page.addInitScript(recorder, o.sites);
    const bench = () => page.evaluate(() => (window as unknown as { __bench: Recorder }).__bench);
    const rowIds = () => page.locator('table.sites tbody tr[data-site-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['siteId']!).sort());
    const openIds = () => distinct(openTelemetry.values());

    await page.goto(`${o.gatewayUrl}/control-room`);
    await page.locator('table.sites tbody tr[data-site-id]').first().waitFor();
    await page.getByTestId('sites-count').filter({ hasText: /^1–\d+ of \d+ sites$/ }).waitFor();
    const firstPage = await rowIds();
    const tableTotal = await page.getByTestId('sites-count').innerText();
    // The page's subscribe goes out right after its rows are drawn.
    const subscribed = async (want: string[]) => {
      const deadline = Date.now() + 10_000;
      while (!sameSet(openIds(), want) && Date.now() < deadline) await page.waitForTimeout(50);
    };
    await subscribed(firstPage);
    const afterLoad = distinct(subscribes);
    log(`console: ${firstPage.length} rows (${tableTotal}), ${afterLoad.size} site ids subscribed`);

    // Bounded: "N of M reporting" with M the fleet and N > 0 (the gateway starts polling the fleet when the page subscribes).
    await page
      .waitForFunction(() => (window as unknown as { __bench: Recorder }).__bench.reportingAt !== null, undefined, { timeout: reportingWaitS * 1000, polling: 250 })
      .catch(() => undefined);
    const reached = await bench();
    log(`console: fleet figure "${reached.reportingText}"${reached.reportingAt === null ? ` (not reached in ${reportingWaitS} s)` : ''}`);

    // One page forward and back, timed on the page from the click to the new rows.
    const pageTo = (button: string, countPrefix: string) =>
      page.evaluate(
        ([label, prefix]) =>
          new Promise<number>((resolve, reject) => {
            const count = document.querySelector('[data-testid=sites-count]')!;
            const target = [...document.querySelectorAll('button')].find((b) => b.textContent === label);
            if (!target || target.disabled) return reject(new Error(`no enabled "${label}" button`));
            const t0 = performance.now();
            const done = () => count.textContent?.startsWith(prefix) && document.querySelector('table.sites tbody tr[data-site-id]');
            const observer = new MutationObserver(() => {
              if (!done()) return;
              observer.disconnect();
              clearTimeout(timer);
              resolve(performance.now() - t0);
            });
            const timer = setTimeout(() => (observer.disconnect(), reject(new Error(`"${label}" did not show ${prefix}… within 30 s (shows "${count.textContent}")`))), 30_000);
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            target.click();
          }),
        [button, countPrefix] as const,
      );
    const pageForwardMs = await pageTo('Next →', `${CONTROL_ROOM_PAGE_SIZE + 1}–`);
    await subscribed(await rowIds());
    const pageBackMs = await pageTo('← Previous', '1–');
    const backPage = await rowIds();
    await subscribed(backPage);
    const openAfterPaging = openIds();
    const loaded = await bench();
    const loadEnd = await page.evaluate(() => performance.now());

    // The live window: the fleet figure updates (at most once a second) and the rows on screen stream.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapMiB = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return round((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 2 ** 20);
    };
    const heapStart = await heapMiB();
    const liveStart = await page.evaluate(() => performance.now());
    const before = { ...received };
    await page.waitForTimeout(liveS * 1000);
    const liveEnd = await page.evaluate(() => performance.now());
    const heapEnd = await heapMiB();
    const end = await bench();
    const rowsWithReading = await page
      .locator('table.sites tbody tr[data-site-id] td[data-col=battery]')
      .evaluateAll((cells) => cells.filter((td) => (td.textContent ?? 'waiting…') !== 'waiting…').length);
    const reportingTextEnd = await page.getByTestId('fleet-reporting').innerText();

    // The whole fleet sorted by charge (sites(orderBy:) over every site's latest sample): click → other rows on screen.
    const sortByChargeMs = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const ids = () => [...document.querySelectorAll<HTMLElement>('table.sites tbody tr[data-site-id]')].map((tr) => tr.dataset['siteId']).join();
          const before = ids();
          const t0 = performance.now();
          const observer = new MutationObserver(() => {
            if (ids() === before || !ids()) return;
            observer.disconnect();
            clearTimeout(timer);
            resolve(performance.now() - t0);
          });
          const timer = setTimeout(() => (observer.disconnect(), reject(new Error('sorting by charge showed no other rows within 30 s'))), 30_000);
          observer.observe(document.querySelector('table.sites tbody')!, { childList: true, subtree: true });
          document.querySelector<HTMLButtonElement>('table.sites thead button[data-sort=soc]')!.click();
        }),
    );

    return {
      sites: o.sites,
      pageSize: CONTROL_ROOM_PAGE_SIZE,
      firstRowsMs: Math.round(loaded.firstRowsAt ?? NaN),
      rowsOnPage: firstPage.length,
      tableTotal,
      reportingMs: reached.reportingAt === null ? null : Math.round(reached.reportingAt),
      reportingText: reached.reportingText,
      reportingWaitS,
      subscribedIdsAfterLoad: afterLoad.size,
      subscribedMatchesRowsAfterLoad: sameSet(afterLoad, firstPage),
      openIdsAfterPaging: openAfterPaging.size,
      openMatchesRowsAfterPaging: sameSet(openAfterPaging, backPage),
      subscribedIdsTotal: distinct(subscribes).size,
      subscribeFrames: subscribes.length,
      maxIdsPerSubscribe: Math.max(0, ...subscribes.map((ids) => ids.length)),
      pageForwardMs: Math.round(pageForwardMs),
      pageBackMs: Math.round(pageBackMs),
      sortByChargeMs: Math.round(sortByChargeMs),
      liveS: round((liveEnd - liveStart) / 1000),
      fleetUpdates: received.fleet - before.fleet,
      siteSamples: received.site - before.site,
      siteSamplesTotal: received.site,
      rowsWithReading,
      reportingTextEnd,
      longTasks: tally(end.longTasks.filter(([start]) => start >= liveStart && start < liveEnd)),
      loadLongTasks: tally(end.longTasks.filter(([start]) => start < loadEnd)),
      heapUsedMiB: { start: heapStart, end: heapEnd },
      consoleErrors: errors.length,
      sampleErrors: errors.slice(0, 3).map((e) => e.slice(0, 300)),
    };
  } finally {
    await context?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}
