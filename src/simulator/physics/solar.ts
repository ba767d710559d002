import type { EnergySite } from '../fleet/energy-site.js';
import { smoothNoise, unitHash } from '../random/hash-noise.js';
import { NoiseChannel } from './noise-channels.js';

/**
 * PV output from the sun's elevation at the site's coordinates (so it peaks at solar noon in the
 * site's local time, and is zero at night), scaled by the DC array size, an inverter/derate
 * factor and a seeded cloudiness: one value per local day plus passing clouds within the day.
 */

const DAY_MS = 86_400_000;
const DEG = Math.PI / 180;
/** DC → AC after inverter, temperature and soiling losses. */
const SYSTEM_DERATE = 0.82;
const PASSING_CLOUD_MS = 20 * 60_000;

export function sunElevationSine(latitude: number, longitude: number, epochMs: number): number {
  const dayOfYear = Math.floor((epochMs % (365.25 * DAY_MS)) / DAY_MS);
  const declination = 23.44 * DEG * Math.sin((2 * Math.PI * (284 + dayOfYear)) / 365);
  const utcHours = (((epochMs % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
  const solarHours = utcHours + longitude / 15;
  const hourAngle = 15 * DEG * (solarHours - 12);
  const lat = latitude * DEG;
  return Math.sin(lat) * Math.sin(declination) + Math.cos(lat) * Math.cos(declination) * Math.cos(hourAngle);
}

/** 0 = clear sky, 1 = overcast, for the local day. Squared so that most days are fairly sunny. */
export function dailyCloudiness(site: EnergySite, localDayNumber: number): number {
  return unitHash(site.noiseSeed, NoiseChannel.cloudDay, localDayNumber) ** 2;
}

export function solarPowerW(site: EnergySite, epochMs: number, localDayNumber: number): number {
  if (site.solarCapacityW === null) return 0;
  const elevation = sunElevationSine(site.latitude, site.longitude, epochMs);
  if (elevation <= 0) return 0;
  // Longer path through the atmosphere at low sun: a little steeper than the plain sine.
  const clearSky = site.solarCapacityW * SYSTEM_DERATE * elevation ** 1.15;
  const cloudiness = dailyCloudiness(site, localDayNumber);
  const passing = smoothNoise(site.noiseSeed, NoiseChannel.cloudPassing, epochMs / PASSING_CLOUD_MS);
  return clearSky * (1 - cloudiness * (0.3 + 0.6 * passing));
}
