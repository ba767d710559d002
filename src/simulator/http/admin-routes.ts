import { z } from 'zod';
import { faultSpec } from '../faults.js';
import { hasBattery, gridChargingAllowed, stormModeActive, totalPackEnergyWh } from '../fleet/energy-site.js';
import { DEFAULT_GRANTED_SCOPES } from '../oauth/scopes.js';
import type { Vehicle } from '../fleet/vehicle.js';
import { touPeriodAt } from '../physics/tou-period.js';
import { touScheduleOn } from '../physics/tou-tariff.js';
import { chargeStatusAt } from '../physics/vehicle-charging.js';
import { localTime } from '../time/time-zone.js';
import type { Handler, HttpContext } from './context.js';
import { json, type Reply } from './replies.js';
import type { Router } from './router.js';

/**
 * The test-only control surface under `/sim/` (no auth, plain JSON): mint tokens as if a user had
 * consented, inspect and reset counters, inject faults, move the clock, change car states.
 */

const tokenRequest = z.object({
  scopes: z.array(z.string()).optional(),
  expiresIn: z.number().int().positive().optional(),
  /** Default the sandbox client; China's (`cnClient`) for a CN consent. */
  clientId: z.string().min(1).optional(),
});
const clockRequest = z.object({ advanceSeconds: z.number().min(0) });
const environmentUpdate = z.object({ stormWatchActive: z.boolean() });
const billingUpdate = z.object({ exceeded: z.boolean(), status: z.union([z.literal(402), z.literal(403)]).optional() });
const vehicleUpdate = z.object({
  state: z.enum(['online', 'asleep', 'offline']).optional(),
  /** Wall-clock seconds this car takes to wake (overrides the simulator's `wakeDelaySeconds`). */
  wakeDelaySeconds: z.number().min(0).max(600).optional(),
  keyPaired: z.boolean().optional(),
});

function badRequest(error: z.ZodError | string): Reply {
  return json(400, { error: typeof error === 'string' ? error : z.prettifyError(error) });
}

const missing = (what: string): Reply => json(404, { error: `unknown ${what}` });

async function parse<T>(ctx: HttpContext, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; reply: Reply }> {
  const result = schema.safeParse(await ctx.body());
  return result.success ? { ok: true, value: result.data } : { ok: false, reply: badRequest(result.error) };
}

function clockJson(ctx: HttpContext) {
  const { clock } = ctx.sandbox;
  const now = clock.now();
  return { now: new Date(now).toISOString(), epochMs: now, speed: clock.speed };
}

function siteView(ctx: HttpContext): Reply {
  const entry = ctx.sandbox.world.site(ctx.params.id ?? '');
  if (!entry) return missing('energy site');
  const { site, account, physics } = entry;
  const now = ctx.sandbox.now();
  const snapshot = physics.snapshot(now);
  const local = localTime(site.timeZone, now);
  return json(200, {
    account: account.name,
    energySiteId: String(site.energySiteId),
    // Top-level copies of what energy commands change, so tests need not dig into `site`.
    firmwareClampsReserve: site.firmwareClampsReserve,
    hasBattery: hasBattery(site),
    settings: site.settings,
    permissions: site.permissions,
    site,
    derived: {
      hasBattery: hasBattery(site),
      totalPackEnergyWh: totalPackEnergyWh(site),
      gridChargingAllowed: gridChargingAllowed(site),
      stormModeActive: stormModeActive(site),
      touPeriod: touPeriodAt(touScheduleOn(site.settings, local), local),
    },
    state: { ...snapshot, historyFrom: new Date(physics.originMs).toISOString() },
  });
}

/**
 * `POST /sim/sites/{id}/environment {stormWatchActive}`: the weather service starts or ends a
 * Storm Watch at a site (a Fleet API energy_site_id, or a Powerhub-only site's `ph-…` id). Like a
 * settings change it goes through `SitePhysics.changeAt` (`World.updateSite`): the physics is
 * integrated up to now under the old state first, so history is never rewritten. The battery is
 * held only where the customer enabled storm mode (`derived.stormModeActive`).
 */
async function setEnvironment(ctx: HttpContext): Promise<Reply> {
  const id = ctx.params.id ?? '';
  const entry = ctx.sandbox.world.site(id);
  const powerhubOnly = entry ? undefined : ctx.sandbox.powerhub.sites.get(id);
  if (!entry && (!powerhubOnly || powerhubOnly.energySiteId !== null)) return missing('energy site');
  const parsed = await parse(ctx, environmentUpdate);
  if (!parsed.ok) return parsed.reply;
  const { stormWatchActive } = parsed.value;
  const now = ctx.sandbox.now();
  if (entry) {
    ctx.sandbox.world.updateSite(entry, now, (site) => {
      site.environment.stormWatchActive = stormWatchActive;
    });
    return siteView(ctx);
  }
  const site = powerhubOnly!;
  site.physics.changeAt(now, () => {
    site.site.environment.stormWatchActive = stormWatchActive;
  });
  return json(200, { powerhubSiteId: site.siteId, environment: site.site.environment, derived: { stormModeActive: stormModeActive(site.site) } });
}

function vehicleView(ctx: HttpContext, vehicle: Vehicle) {
  return {
    id: String(vehicle.id),
    vin: vehicle.vin,
    state: vehicle.state,
    keyPaired: vehicle.keyPaired,
    commandSigning: vehicle.commandSigning,
    wakePending: ctx.sandbox.wakes.isPending(vehicle),
    wakeDelaySeconds: ctx.sandbox.wakes.delayOf(vehicle) / 1000,
    chargeLimitSoc: vehicle.charging.chargeLimitSoc,
    chargeAmps: vehicle.charging.chargeAmps,
    maxAmps: vehicle.charging.maxAmps,
    pluggedIn: vehicle.charging.pluggedIn,
    chargePortDoorOpen: vehicle.charging.pluggedIn || vehicle.charging.chargePortDoorOpen,
    charging: chargeStatusAt(vehicle, ctx.sandbox.now()),
  };
}

export function addAdminRoutes(router: Router<Handler>): void {
  router
    .add('GET', '/sim/accounts', (ctx) =>
      json(
        200,
        ctx.sandbox.world.accounts.map((account) => ({
          name: account.name,
          region: account.region,
          userId: account.userId,
          energySiteIds: account.sites.map((site) => String(site.energySiteId)),
          vehicles: account.vehicles.map((v) => ({ id: String(v.id), vin: v.vin })),
        })),
      ),
    )
    .add('POST', '/sim/accounts/:name/tokens', async (ctx) => {
      const account = ctx.sandbox.world.account(ctx.params.name ?? '');
      if (!account) return missing('account');
      const parsed = await parse(ctx, tokenRequest);
      if (!parsed.ok) return parsed.reply;
      const { scopes = [...DEFAULT_GRANTED_SCOPES], expiresIn, clientId } = parsed.value;
      if (clientId !== undefined && !ctx.sandbox.registeredClient(clientId)) return json(400, { error: `unknown client ${clientId}` });
      const tokens = await ctx.sandbox.issueTokens(account, scopes, { ...(expiresIn === undefined ? {} : { expiresIn }), ...(clientId === undefined ? {} : { clientId }) });
      return json(200, tokens);
    })
    .add('GET', '/sim/counters', (ctx) => json(200, ctx.sandbox.counters.toJSON()))
    .add('POST', '/sim/counters/reset', (ctx) => {
      ctx.sandbox.counters.reset();
      return json(200, { ok: true });
    })
    .add('POST', '/sim/faults', async (ctx) => {
      const parsed = await parse(ctx, faultSpec);
      if (!parsed.ok) return parsed.reply;
      return json(200, { id: ctx.sandbox.faults.add(parsed.value).id });
    })
    .add('GET', '/sim/faults', (ctx) => json(200, ctx.sandbox.faults.list()))
    // The app's billing limit: while exceeded, every Fleet API call answers 403 EXCEEDED_LIMIT (or 402).
    .add('GET', '/sim/billing', (ctx) => json(200, { exceeded: ctx.sandbox.billingLimit !== null, status: ctx.sandbox.billingLimit?.status ?? null }))
    .add('POST', '/sim/billing', async (ctx) => {
      const parsed = await parse(ctx, billingUpdate);
      if (!parsed.ok) return parsed.reply;
      ctx.sandbox.billingLimit = parsed.value.exceeded ? { status: parsed.value.status ?? 403 } : null;
      return json(200, { exceeded: ctx.sandbox.billingLimit !== null, status: ctx.sandbox.billingLimit?.status ?? null });
    })
    .add('DELETE', '/sim/faults', (ctx) => {
      ctx.sandbox.faults.clear();
      return json(200, { ok: true });
    })
    .add('DELETE', '/sim/faults/:id', (ctx) =>
      ctx.sandbox.faults.remove(ctx.params.id ?? '') ? json(200, { ok: true }) : missing('fault'),
    )
    .add('GET', '/sim/clock', (ctx) => json(200, clockJson(ctx)))
    .add('POST', '/sim/clock', async (ctx) => {
      const parsed = await parse(ctx, clockRequest);
      if (!parsed.ok) return parsed.reply;
      ctx.sandbox.clock.advance(parsed.value.advanceSeconds);
      return json(200, clockJson(ctx));
    })
    .add('POST', '/sim/vehicles/:vin', async (ctx) => {
      const entry = ctx.sandbox.world.vehicle(ctx.params.vin ?? '');
      if (!entry) return missing('vehicle');
      const parsed = await parse(ctx, vehicleUpdate);
      if (!parsed.ok) return parsed.reply;
      const { vehicle } = entry;
      if (parsed.value.state !== undefined) {
        ctx.sandbox.wakes.cancel(vehicle);
        vehicle.state = parsed.value.state;
      }
      if (parsed.value.wakeDelaySeconds !== undefined) ctx.sandbox.wakes.setDelay(vehicle, parsed.value.wakeDelaySeconds * 1000);
      // keyPaired drives both fleet_status and the command proxy's pairing check.
      if (parsed.value.keyPaired !== undefined) vehicle.keyPaired = parsed.value.keyPaired;
      return json(200, vehicleView(ctx, vehicle));
    })
    .add('GET', '/sim/vehicles/:vin', (ctx) => {
      const entry = ctx.sandbox.world.vehicle(ctx.params.vin ?? '');
      return entry ? json(200, vehicleView(ctx, entry.vehicle)) : missing('vehicle');
    })
    .add('POST', '/sim/reset', (ctx) => {
      ctx.sandbox.reset();
      return json(200, { ok: true });
    })
    .add('GET', '/sim/sites/:id', siteView)
    .add('POST', '/sim/sites/:id/environment', setEnvironment);
}
