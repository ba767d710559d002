import { executeOperation } from '../../helpers/graphql-client.js';
import { SimulatorAdmin } from '../../helpers/simulator-admin.js';
import { round } from './stats.js';

export interface DispatchFigures {
  sites: number;
  answerMs: number;
  /** From the mutation until every DISPATCH_SITE command is terminal (restores, an hour later, excluded). */
  wallMs: number;
  teslaCalls: number;
  teslaCallsByEndpoint: Record<string, number>;
  /** max(calls ÷ COMMAND_GLOBAL_RATE_PER_S, calls × latency ÷ COMMAND_CONCURRENCY) + one verification interval. */
  minimumMs: number;
  ratio: number;
  outcome: Record<string, number>;
  settings: { globalRatePerS: number; concurrency: number; latencyMs: number; verifyIntervalS: number };
}

const PROGRESS = `query ($id: ID!) { dispatch(id: $id) { progress { total queued sent succeeded failed expired cancelled restoresPending } } }`;
type Progress = { total: number; queued: number; sent: number; succeeded: number; failed: number; expired: number; cancelled: number; restoresPending: number };

/**
 * dispatchBattery over `siteIds` with every Fleet API call slowed to `latencyMs` at the simulator;
 * polls the dispatch's progress every 500 ms until every DISPATCH_SITE command is terminal.
 */
export async function measureDispatch(o: {
  gatewayUrl: string;
  apiKey: string;
  simulatorUrl: string;
  siteIds: string[];
  latencyMs: number;
  globalRatePerS: number;
  concurrency: number;
  verifyIntervalS: number;
  timeoutMs: number;
  onProgress?: (p: Progress, elapsedMs: number) => void;
}): Promise<DispatchFigures> {
  const sim = new SimulatorAdmin(o.simulatorUrl);
  await sim.clearFaults();
  const fault = await sim.addFault({ endpoint: '*', latencyMs: o.latencyMs });
  try {
    await sim.resetCounters();
    const t0 = performance.now();
    const created = await executeOperation(
      o.gatewayUrl,
      `mutation ($input: DispatchBatteryInput!) { dispatchBattery(input: $input) { dispatch { id } } }`,
      { input: { siteIds: o.siteIds, mode: 'DISCHARGE', enableGridInteraction: true, until: new Date(Date.now() + 3600_000).toISOString() } },
      o.apiKey,
    );
    const answerMs = performance.now() - t0;
    if (created.errors || !created.data) throw new Error(`dispatchBattery: ${JSON.stringify(created.errors).slice(0, 1000)}`);
    const id = (created.data as { dispatchBattery: { dispatch: { id: string } } }).dispatchBattery.dispatch.id;
    let progress: Progress;
    let lastReport = 0;
    for (;;) {
      const read = await executeOperation(o.gatewayUrl, PROGRESS, { id }, o.apiKey);
      if (read.errors || !read.data) throw new Error(`dispatch progress: ${JSON.stringify(read.errors).slice(0, 500)}`);
      progress = (read.data as { dispatch: { progress: Progress } }).dispatch.progress;
      const elapsed = performance.now() - t0;
      // Terminal = succeeded, failed, expired or cancelled (PENDING, QUEUED and SENT are not).
      if (progress.succeeded + progress.failed + progress.expired + progress.cancelled >= progress.total) break;
      if (elapsed > o.timeoutMs) throw new Error(`dispatch not done after ${o.timeoutMs} ms: ${JSON.stringify(progress)}`);
      if (o.onProgress && elapsed - lastReport > 15_000) (lastReport = elapsed), o.onProgress(progress, elapsed);
      await new Promise((r) => setTimeout(r, 500));
    }
    const wallMs = performance.now() - t0;
    const counters = await sim.counters();
    const teslaCalls = counters.total;
    const minimumMs = Math.max((teslaCalls / o.globalRatePerS) * 1000, (teslaCalls * o.latencyMs) / o.concurrency) + o.verifyIntervalS * 1000;
    const { total: _total, queued: _q, sent: _s, restoresPending: _r, ...outcome } = progress;
    return {
      sites: o.siteIds.length,
      answerMs: Math.round(answerMs),
      wallMs: Math.round(wallMs),
      teslaCalls,
      teslaCallsByEndpoint: counters.byEndpoint,
      minimumMs: Math.round(minimumMs),
      ratio: round(wallMs / minimumMs, 3),
      outcome,
      settings: { globalRatePerS: o.globalRatePerS, concurrency: o.concurrency, latencyMs: o.latencyMs, verifyIntervalS: o.verifyIntervalS },
    };
  } finally {
    await sim.clearFaults().catch(() => {});
    void fault;
  }
}
