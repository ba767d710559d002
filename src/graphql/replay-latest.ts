/**
 * Field extension by which a subscription field declares its events to be state, not changes: its
 * value names the event field whose value identifies what an event supersedes (`'site'`), or is
 * `''` when the whole stream is one state (a fleet aggregate). A subscriber joining a shared
 * execution (server/shared-subscriptions.ts) then starts from the latest event per key.
 */
export const REPLAY_LATEST_BY = 'replayLatestBy';
