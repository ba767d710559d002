import { regionBaseUrl } from '../regions.js';
import { isValidTimeZone, startOfLocalDay } from '../time/time-zone.js';
import { energyHistoryJson, HISTORY_PERIODS, type HistoryPeriod } from '../tesla-json/calendar-history.js';
import { energyProductJson, liveStatusJson, siteInfoJson } from '../tesla-json/energy-site.js';
import {
  DEFAULT_VEHICLE_DATA_SECTIONS,
  fleetStatusJson,
  VEHICLE_DATA_SECTIONS,
  vehicleDataJson,
  vehicleJson,
  vehicleListRowJson,
  vehicleProductJson,
  type VehicleDataSection,
} from '../tesla-json/vehicle.js';
import type { SiteEntry } from '../world.js';
import type { Router } from './router.js';
import type { Handler } from './context.js';
import { addCommandProxyRoutes } from './command-proxy-routes.js';
import { ENERGY_COMMAND_ENDPOINTS } from './energy-command-endpoints.js';
import { fleetHandler, type FleetEndpoint, type FleetRequest } from './fleet-pipeline.js';
import { teslaError, teslaOk, vehicleUnavailable, type Reply } from './replies.js';
import { commandEndpoints, mobileAccessDisabled, WAKE_UP_ENDPOINT } from './vehicle-command-endpoints.js';

/** The Fleet API (`/api/1/...`): reads here, energy and vehicle commands in their own modules. */

const DAY_MS = 86_400_000;
const MAX_PER_PAGE = 100;

function positiveInt(text: string | null, fallback: number): number {
  const value = Number(text);
  return text !== null && Number.isInteger(value) && value > 0 ? value : fallback;
}

function vehiclesPage(req: FleetRequest): Reply {
  const query = req.ctx.url.searchParams;
  const perPage = Math.min(MAX_PER_PAGE, positiveInt(query.get('per_page'), MAX_PER_PAGE));
  const page = positiveInt(query.get('page'), 1);
  const all = req.account.vehicles;
  const pages = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage).map(vehicleListRowJson);
  return teslaOk(items, {
    pagination: {
      previous: page > 1 ? page - 1 : null,
      next: page < pages ? page + 1 : null,
      current: page,
      per_page: perPage,
      count: all.length,
      pages,
    },
    count: all.length,
  });
}

function requestedSections(query: URLSearchParams): readonly VehicleDataSection[] {
  const raw = query.get('endpoints');
  if (raw === null || raw.trim() === '') return DEFAULT_VEHICLE_DATA_SECTIONS;
  const known = new Set<string>(VEHICLE_DATA_SECTIONS);
  return raw
    .split(/[;,]/)
    .map((name) => name.trim())
    .filter((name): name is VehicleDataSection => known.has(name));
}

function parseInstant(text: string | null): number | null | undefined {
  if (text === null || text === '') return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function calendarHistory(req: FleetRequest, entry: SiteEntry): Reply {
  const query = req.ctx.url.searchParams;
  const kind = query.get('kind') ?? 'energy';
  if (kind === 'backup') return teslaOk({ events: [], total_events: 0 });
  if (kind !== 'energy') return teslaError(400, 'invalid_field', `unsupported kind: ${kind}`);
  const period = (query.get('period') ?? 'day') as HistoryPeriod;
  if (!HISTORY_PERIODS.includes(period)) return teslaError(400, 'invalid_field', `unsupported period: ${period}`);
  const zoneParam = query.get('time_zone');
  const timeZone = zoneParam && isValidTimeZone(zoneParam) ? zoneParam : entry.site.timeZone;

  const end = parseInstant(query.get('end_date'));
  const start = parseInstant(query.get('start_date'));
  if (end === null || start === null) return teslaError(400, 'invalid_field', 'start_date and end_date must be RFC 3339');
  const endMs = end ?? req.now;
  const dayStart = startOfLocalDay(timeZone, endMs - 1);
  // Without a start_date the window is the period ending at end_date (noon keeps DST days whole).
  const daysBack: Record<HistoryPeriod, number> = { day: 0, week: 6, month: 29, year: 364, lifetime: Infinity };
  const startMs =
    start ??
    (period === 'lifetime'
      ? entry.physics.originMs
      : startOfLocalDay(timeZone, dayStart + DAY_MS / 2 - daysBack[period] * DAY_MS));
  if (startMs > endMs) return teslaError(400, 'invalid_field', 'start_date is after end_date');
  return teslaOk(energyHistoryJson(entry.physics, { startMs, endMs, period, timeZone }, req.now));
}

const READ_ENDPOINTS: FleetEndpoint[] = [
  {
    name: 'users_region',
    method: 'GET',
    path: '/api/1/users/region',
    anyScope: [],
    anyRegion: true,
    handle: (req) => teslaOk({ region: req.account.region, fleet_api_base_url: regionBaseUrl(req.sandbox.url, req.account.region) }),
  },
  {
    name: 'users_me',
    method: 'GET',
    path: '/api/1/users/me',
    anyScope: ['user_data'],
    handle: (req) =>
      teslaOk({
        email: req.account.email,
        full_name: req.account.fullName,
        profile_image_url: `${req.sandbox.url}/profile-images/${req.account.vaultUuid}.png`,
        vault_uuid: req.account.vaultUuid,
      }),
  },
  {
    name: 'products',
    method: 'GET',
    path: '/api/1/products',
    anyScope: ['vehicle_device_data', 'energy_device_data'],
    handle: (req) => {
      const { world } = req.sandbox;
      const vehicles = req.account.vehicles.map((v) => vehicleProductJson(v, req.now));
      const sites = req.account.sites.map((site) => {
        const entry = world.site(String(site.energySiteId));
        return energyProductJson(site, entry!.physics.snapshot(req.now));
      });
      const products = [...vehicles, ...sites];
      return teslaOk(products, { count: products.length });
    },
  },
  { name: 'vehicles', method: 'GET', path: '/api/1/vehicles', anyScope: ['vehicle_device_data'], handle: vehiclesPage },
  {
    name: 'fleet_status',
    method: 'POST',
    path: '/api/1/vehicles/fleet_status',
    anyScope: ['vehicle_device_data'],
    handle: async (req) => {
      const { vins } = await req.ctx.body();
      if (!Array.isArray(vins) || !vins.every((vin) => typeof vin === 'string')) {
        return teslaError(400, 'invalid_request', 'vins must be a list of VINs');
      }
      // Only this account's cars: a foreign VIN is simply absent from both lists.
      const owned = [...new Set(vins)]
        .map((vin) => req.account.vehicles.find((v) => v.vin === vin))
        .filter((v) => v !== undefined);
      return teslaOk(fleetStatusJson(owned));
    },
  },
  {
    name: 'vehicle',
    method: 'GET',
    path: '/api/1/vehicles/:tag',
    anyScope: ['vehicle_device_data'],
    device: 'vehicle',
    rateLimit: 'data',
    handle: (_req, { vehicle }) => teslaOk(vehicleJson(vehicle)),
  },
  {
    name: 'vehicle_data',
    method: 'GET',
    path: '/api/1/vehicles/:tag/vehicle_data',
    anyScope: ['vehicle_device_data'],
    device: 'vehicle',
    rateLimit: 'data',
    handle: (req, { vehicle }) => {
      const refused = mobileAccessDisabled(vehicle);
      if (refused) return refused;
      if (vehicle.state !== 'online') return vehicleUnavailable();
      const sections = requestedSections(req.ctx.url.searchParams);
      return teslaOk(vehicleDataJson(vehicle, req.now, sections, req.scopes.has('vehicle_location')));
    },
  },
  {
    name: 'site_info',
    method: 'GET',
    path: '/api/1/energy_sites/:id/site_info',
    anyScope: ['energy_device_data'],
    device: 'site',
    rateLimit: 'data',
    handle: (req, { site }) => teslaOk(siteInfoJson(site, req.now)),
  },
  {
    name: 'live_status',
    method: 'GET',
    path: '/api/1/energy_sites/:id/live_status',
    anyScope: ['energy_device_data'],
    device: 'site',
    rateLimit: 'data',
    handle: (req, { site, physics }) => teslaOk(liveStatusJson(site, physics.snapshot(req.now))),
  },
  {
    name: 'calendar_history',
    method: 'GET',
    path: '/api/1/energy_sites/:id/calendar_history',
    anyScope: ['energy_device_data'],
    device: 'site',
    rateLimit: 'data',
    handle: calendarHistory,
  },
];

/** Everything but the vehicle command routes, which differ between REST and the signing proxy. */
const PLAIN_ENDPOINTS: readonly FleetEndpoint[] = [...READ_ENDPOINTS, ...ENERGY_COMMAND_ENDPOINTS, WAKE_UP_ENDPOINT];

/**
 * Every endpoint on the global host (`/api/1/…`) and on each regional base
 * (`/regions/:region/api/1/…`), plus the command proxy under `/proxy`.
 */
export function addFleetRoutes(router: Router<Handler>): void {
  // Known commands before the `command/:command` catch-all: the router takes the first match.
  for (const endpoint of [...PLAIN_ENDPOINTS, ...commandEndpoints('rest')]) {
    const handler = fleetHandler(endpoint);
    router.add(endpoint.method, endpoint.path, handler).add(endpoint.method, `/regions/:region${endpoint.path}`, handler);
  }
  addCommandProxyRoutes(router, PLAIN_ENDPOINTS);
}
