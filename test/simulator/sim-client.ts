import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/server.js';

/** Test helpers: boot a simulator on an ephemeral port with a frozen clock, and talk to it. */

/** Noon in California on the June solstice: every US site has sun, the east is in its afternoon. */
export const START = Date.UTC(2025, 5, 21, 19, 0, 0);

export function boot(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  // Registered in every region up front: these tests exercise other endpoints with bare tokens.
  return startSimulator({ port: 0, speed: 0, startTime: START, partnerRegistered: true, ...options });
}

export interface ApiResult {
  status: number;
  headers: Headers;
  text: string;
  // Tests read arbitrary Tesla JSON; `any` keeps them short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function call(sim: RunningSimulator, method: string, path: string, options: { token?: string; body?: unknown; form?: Record<string, string> } = {}): Promise<ApiResult> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(`${sim.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export const get = (sim: RunningSimulator, path: string, token?: string) => call(sim, 'GET', path, token ? { token } : {});

export interface SimAccount {
  name: string;
  region: string;
  userId: string;
  energySiteIds: string[];
  vehicles: { id: string; vin: string }[];
}

export async function accounts(sim: RunningSimulator): Promise<Record<string, SimAccount>> {
  const list = (await get(sim, '/sim/accounts')).body as SimAccount[];
  return Object.fromEntries(list.map((a) => [a.name, a]));
}

export async function mintToken(sim: RunningSimulator, account = 'demo', request: { scopes?: string[]; expiresIn?: number } = {}) {
  const res = await call(sim, 'POST', `/sim/accounts/${account}/tokens`, { body: request });
  if (res.status !== 200) throw new Error(`mint failed: ${res.status} ${res.text}`);
  return res.body as { access_token: string; refresh_token: string; expires_in: number; token_type: string };
}

export async function advance(sim: RunningSimulator, seconds: number): Promise<void> {
  const res = await call(sim, 'POST', '/sim/clock', { body: { advanceSeconds: seconds } });
  if (res.status !== 200) throw new Error(`clock advance failed: ${res.text}`);
}

/**
 * A simulator for fault tests, shared by the file's tests: booted once with `options`, the demo
 * account and a token, faults and counters cleared before each test; `addFault` posts a fault spec
 * and returns its id. Fields are set in beforeAll, so read them inside tests.
 */
export function faultSimulatorFixture(options: SimulatorOptions) {
  const fixture = {
    sim: undefined as unknown as RunningSimulator,
    demo: undefined as unknown as SimAccount,
    token: '',
    addFault: async (spec: Record<string, unknown>): Promise<string> => {
      const res = await call(fixture.sim, 'POST', '/sim/faults', { body: spec });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.id as string;
    },
  };
  beforeAll(async () => {
    fixture.sim = await boot(options);
    fixture.demo = (await accounts(fixture.sim)).demo!;
    fixture.token = (await mintToken(fixture.sim)).access_token;
  });
  afterAll(() => fixture.sim?.close());
  beforeEach(async () => {
    await call(fixture.sim, 'DELETE', '/sim/faults');
    await call(fixture.sim, 'POST', '/sim/counters/reset');
  });
  return fixture;
}
