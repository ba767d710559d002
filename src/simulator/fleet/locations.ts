/** Places the sandbox fleet lives in: coordinates drive the sun, the zone drives local time. */

export interface Location {
  city: string;
  timeZone: string;
  latitude: number;
  longitude: number;
}

/** Every US zone the spec asks for appears in the first five entries, so small fleets cover them. */
export const US_LOCATIONS: readonly Location[] = [
  { city: 'San Jose', timeZone: 'America/Los_Angeles', latitude: 37.34, longitude: -121.89 },
  { city: 'Denver', timeZone: 'America/Denver', latitude: 39.74, longitude: -104.99 },
  { city: 'Phoenix', timeZone: 'America/Phoenix', latitude: 33.45, longitude: -112.07 },
  { city: 'Austin', timeZone: 'America/Chicago', latitude: 30.27, longitude: -97.74 },
  { city: 'Boston', timeZone: 'America/New_York', latitude: 42.36, longitude: -71.06 },
  { city: 'San Diego', timeZone: 'America/Los_Angeles', latitude: 32.72, longitude: -117.16 },
  { city: 'Salt Lake City', timeZone: 'America/Denver', latitude: 40.76, longitude: -111.89 },
  { city: 'Tucson', timeZone: 'America/Phoenix', latitude: 32.22, longitude: -110.97 },
  { city: 'Houston', timeZone: 'America/Chicago', latitude: 29.76, longitude: -95.37 },
  { city: 'Miami', timeZone: 'America/New_York', latitude: 25.76, longitude: -80.19 },
  { city: 'Sacramento', timeZone: 'America/Los_Angeles', latitude: 38.58, longitude: -121.49 },
  { city: 'Chicago', timeZone: 'America/Chicago', latitude: 41.88, longitude: -87.63 },
  { city: 'Raleigh', timeZone: 'America/New_York', latitude: 35.78, longitude: -78.64 },
  { city: 'Portland', timeZone: 'America/Los_Angeles', latitude: 45.52, longitude: -122.68 },
];

export const BERLIN_LOCATIONS: readonly Location[] = [
  { city: 'Berlin', timeZone: 'Europe/Berlin', latitude: 52.52, longitude: 13.4 },
  { city: 'Munich', timeZone: 'Europe/Berlin', latitude: 48.14, longitude: 11.58 },
];
