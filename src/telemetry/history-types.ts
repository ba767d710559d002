import { connectionOf } from '../connections/connection-loaders.js';
import { builder } from '../graphql/builder.js';
import { SiteRef } from '../sites/site-types.js';
import type { HistoryPoint } from './telemetry-store.js';

const HistoryIntervalEnum = builder.enumType('HistoryInterval', {
  description: 'Bucket size of Site.history: RAW returns every stored sample; DAY buckets are the site’s local days',
  values: {
    RAW: { description: 'Every stored sample, unaveraged' },
    FIVE_MINUTES: { description: '5-minute buckets, aligned to UTC' },
    FIFTEEN_MINUTES: { description: '15-minute buckets, aligned to UTC' },
    HOUR: { description: 'Hourly buckets, aligned to UTC' },
    DAY: { description: "The site's local days (its time zone; UTC when unknown)" },
  } as const,
});

const HistorySourceEnum = builder.enumType('HistorySource', {
  description: 'POLL: live status read by the gateway; CALENDAR_HISTORY: Tesla’s 5-minute energy buckets, for time before polling began',
  values: {
    POLL: { description: 'Live status the gateway polled and stored' },
    CALENDAR_HISTORY: { description: "Tesla's calendar_history 5-minute energy buckets, turned into average power (no state of charge)" },
  } as const,
});

const SiteHistoryPointRef = builder.objectRef<HistoryPoint>('SiteHistoryPoint').implement({
  description: "Average power over one bucket (Tesla's signs: battery positive = discharging, grid positive = importing)",
  fields: (t) => ({
    timestamp: t.field({ type: 'DateTime', description: 'Start of the bucket (the sample time for RAW)', resolve: (p) => p.timestamp }),
    source: t.field({ type: HistorySourceEnum, description: 'Where the point comes from; a bucket with polled samples uses only those', resolve: (p) => p.source }),
    sampleCount: t.exposeInt('sampleCount', { description: 'Stored samples or 5-minute buckets averaged into this point' }),
    solarPowerW: t.exposeFloat('solarPowerW', { nullable: true, description: 'Mean solar production, W; null when the samples lack it' }),
    batteryPowerW: t.exposeFloat('batteryPowerW', { nullable: true, description: 'Mean battery power, W; positive = discharging, negative = charging; null when the samples lack it' }),
    loadPowerW: t.exposeFloat('loadPowerW', { nullable: true, description: 'Mean home consumption, W; null when the samples lack it' }),
    gridPowerW: t.exposeFloat('gridPowerW', { nullable: true, description: 'Mean grid power, W; positive = importing, negative = exporting; null when the samples lack it' }),
    percentageCharged: t.exposeFloat('percentageCharged', { nullable: true, description: 'Only from polled samples (calendar_history has no state of charge)' }),
    energyLeftWh: t.exposeFloat('energyLeftWh', { nullable: true, description: 'Mean energy stored in the battery, Wh; only from polled samples of a site with a battery' }),
  }),
});

builder.objectField(SiteRef, 'history', (t) =>
  t.field({
    type: [SiteHistoryPointRef],
    description:
      "Stored telemetry in [start, end), oldest first: every polled sample, and for time before the site was first polled Tesla's calendar_history (fetched once per local day, then stored). At most 31 days and 10 000 points per call; `start` no earlier than the site's installation day nor TELEMETRY_RETENTION_DAYS ago (else BAD_USER_INPUT, field `start`). Fetching draws on the site's per-minute backfill budget (HISTORY_BACKFILL_PER_MINUTE, shared by all instances): once it is spent the answer is what is stored, and `historyPendingDays` names the days still to fetch.",
    args: {
      start: t.arg({ type: 'DateTime', required: true, description: 'Inclusive; no earlier than the installation day or the retention window' }),
      end: t.arg({ type: 'DateTime', required: true, description: 'Exclusive; at most 31 days after start' }),
      interval: t.arg({ type: HistoryIntervalEnum, required: true, defaultValue: 'FIVE_MINUTES', description: 'Bucket size of the points' }),
    },
    resolve: async (site, args, context) => {
      const reading = context.services.telemetryHistory.history(site, await connectionOf(context.loaders, site), args.start, args.end, args.interval);
      // Backfill reads Tesla: bounded by the request's deadline like every loader read (what is fetched meanwhile is still stored).
      return context.deadline ? context.deadline.race(reading) : reading;
    },
  }),
);

builder.objectField(SiteRef, 'historyPendingDays', (t) =>
  t.field({
    type: ['String'],
    description:
      "The site's local days (YYYY-MM-DD, oldest first) in [start, end) whose calendar_history is not stored yet: what `history` over the same range would still fetch from Tesla, as the site's backfill budget allows (newest first). Empty once the range is complete, and for time since polling began. Same bounds as `history`. Reads nothing from Tesla but site_info's installation date (cached a day).",
    args: {
      start: t.arg({ type: 'DateTime', required: true, description: 'Inclusive; no earlier than the installation day or the retention window' }),
      end: t.arg({ type: 'DateTime', required: true, description: 'Exclusive; at most 31 days after start' }),
    },
    resolve: async (site, args, context) => {
      const days = context.services.telemetryHistory.pendingDays(site, await connectionOf(context.loaders, site), args.start, args.end);
      return context.deadline ? context.deadline.race(days) : days;
    },
  }),
);
