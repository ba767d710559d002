import { z } from 'zod';
import type { PowerhubDispatch, PowerhubDispatchAck, PowerhubSite, PowerhubTelemetry } from './powerhub-api.js';

/**
 * Zod shapes of the modeled Powerhub responses (DESIGN §11), mapped to the camelCase types of
 * `powerhub-api.ts`. Loose on purpose: extra fields pass, optional ones may be missing or null.
 */

const optionalNumber = z.number().nullish().transform((v) => v ?? null);
const optionalString = z.string().nullish().transform((v) => v ?? null);
const instant = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'not an RFC 3339 instant')
  .transform((text) => new Date(text));

export const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().nullish(),
  expires_in: z.number().positive(),
});

const site = z
  .looseObject({
    site_id: z.string().min(1),
    // Fleet API ids exceed 32 bits; text either way.
    energy_site_id: z.union([z.string(), z.number()]).nullish(),
    din: optionalString,
    name: optionalString,
    group_ids: z.array(z.string()).nullish(),
    nameplate_power_kw: optionalNumber,
    nameplate_energy_kwh: optionalNumber,
  })
  .transform(
    (s): PowerhubSite => ({
      siteId: s.site_id,
      energySiteId: s.energy_site_id === null || s.energy_site_id === undefined ? null : String(s.energy_site_id),
      din: s.din,
      name: s.name,
      groupIds: s.group_ids ?? [],
      nameplatePowerKw: s.nameplate_power_kw,
      nameplateEnergyKwh: s.nameplate_energy_kwh,
    }),
  );

export const sitesPageResponse = z
  .looseObject({ sites: z.array(site), next_cursor: z.string().nullish() })
  .transform((page) => ({ sites: page.sites, nextCursor: page.next_cursor || null }));

const telemetry = z
  .looseObject({
    site_id: z.string().min(1),
    timestamp: instant,
    battery_power_kw: optionalNumber,
    solar_power_kw: optionalNumber,
    load_power_kw: optionalNumber,
    grid_power_kw: optionalNumber,
    soe_percent: optionalNumber,
    grid_services_active: z.boolean().nullish(),
  })
  .transform(
    (t): PowerhubTelemetry => ({
      siteId: t.site_id,
      timestamp: t.timestamp,
      batteryPowerKw: t.battery_power_kw,
      solarPowerKw: t.solar_power_kw,
      loadPowerKw: t.load_power_kw,
      gridPowerKw: t.grid_power_kw,
      soePercent: t.soe_percent,
      gridServicesActive: t.grid_services_active ?? false,
    }),
  );

export const telemetryResponse = z.looseObject({ data: z.array(telemetry) }).transform((body) => body.data);

const siteAck = z.looseObject({
  site_id: z.string().min(1),
  status: z.enum(['accepted', 'rejected']),
  reason: optionalString,
});

export const dispatchAckResponse = z
  .looseObject({ dispatch_id: z.string().min(1), sites: z.array(siteAck) })
  .transform(
    (d): PowerhubDispatchAck => ({
      dispatchId: d.dispatch_id,
      sites: d.sites.map((s) => ({ siteId: s.site_id, status: s.status, reason: s.reason })),
    }),
  );

export const dispatchResponse = z
  .looseObject({
    dispatch_id: z.string().min(1),
    state: z.enum(['scheduled', 'active', 'completed', 'cancelled']),
    sites: z.array(siteAck.extend({ delivered_kwh: optionalNumber })),
  })
  .transform(
    (d): PowerhubDispatch => ({
      dispatchId: d.dispatch_id,
      state: d.state,
      sites: d.sites.map((s) => ({ siteId: s.site_id, status: s.status, reason: s.reason, deliveredKwh: s.delivered_kwh ?? 0 })),
    }),
  );

/** DELETE answers 200 with the dispatch or 204 without a body: either is success. */
export const cancelResponse = z.unknown();
