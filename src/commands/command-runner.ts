import type { Bus } from '../bus/bus.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import type { CommandRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { Logger } from '../observability/logger.js';
import type { SiteService } from '../sites/site-service.js';
import { findConnectionById } from '../connections/connection-repository.js';
import { findCommandById, TERMINAL_STATUSES, transitionCommand } from './command-repository.js';
import { publishCommandUpdate } from './command-service.js';
import { SITE_COMMANDS, type SiteCommandKind } from './site-command-kinds.js';

/**
 * Errors worth another attempt later (the queue retries with backoff): rate limits, and Tesla
 * failing or not answering (5xx, timeouts). A 4xx — e.g. a locked setting's 403 — is Tesla's
 * final word, and ends the command FAILED with it.
 */
function isTransient(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  if (error.code === 'RATE_LIMITED') return true;
  const status = Number(error.details['upstreamStatus'] ?? 0);
  return error.code === 'UPSTREAM_UNAVAILABLE' && (status === 0 || status >= 500);
}

/**
 * Sends one stored command and settles it: QUEUED → SENT → SUCCEEDED | FAILED (or EXPIRED). Safe to
 * run twice for one command (a crashed worker's job comes back): a settled command is left alone,
 * and setting commands are idempotent at Tesla.
 */
export class CommandRunner {
  constructor(
    private readonly db: Db,
    private readonly sites: SiteService,
    private readonly connections: ConnectionService,
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly maxAttempts: number,
  ) {}

  async run(commandId: string): Promise<void> {
    const command = await findCommandById(this.db, commandId);
    if (!command || TERMINAL_STATUSES.includes(command.status)) return;
    if (command.expires_at.getTime() < Date.now()) {
      await this.settle(command, ['QUEUED', 'SENT', 'PENDING'], 'EXPIRED', 'not sent before the command expired');
      return;
    }
    const sent = await transitionCommand(this.db, command.id, ['PENDING', 'QUEUED', 'SENT'], 'SENT', { incrementAttempts: true, reason: null });
    if (!sent) return; // cancelled meanwhile
    publishCommandUpdate(this.bus, sent);
    try {
      const reason = await this.execute(sent);
      await this.settle(sent, ['SENT'], reason === null ? 'SUCCEEDED' : 'FAILED', reason);
    } catch (error) {
      const message = error instanceof GatewayError ? error.message : 'unexpected error while sending';
      if (isTransient(error) && sent.attempts < this.maxAttempts) {
        await transitionCommand(this.db, sent.id, ['SENT'], 'QUEUED', { reason: `will retry: ${message}` });
        throw error; // the queue retries with backoff
      }
      if (!(error instanceof GatewayError)) this.logger.error({ err: error, commandId: sent.id }, 'command failed unexpectedly');
      await this.settle(sent, ['SENT'], 'FAILED', message);
    }
  }

  /** Sends the command and verifies its effect; null when it took, else the reason it did not. */
  private async execute(command: CommandRow): Promise<string | null> {
    if (command.target_type !== 'SITE') throw new Error(`no runner for ${command.target_type} commands`);
    const definition = SITE_COMMANDS[command.kind as SiteCommandKind];
    if (!definition) throw new Error(`unknown command kind ${command.kind}`);
    const [site] = await this.sites.sitesByIds(command.organization_id, [command.target_id]);
    const connection = await findConnectionById(this.db, command.connection_id);
    if (!site || !connection) return 'the site or its Tesla connection no longer exists';
    const parameters = command.parameters as never;
    await this.connections.read(connection, ['energy_cmds'], (client) => definition.send(client, site.energy_site_id, parameters));
    // Read back, past the cache: success is what Tesla reports afterwards, not its 200.
    const info = await this.sites.refreshSiteInfo(site, connection);
    return definition.verify(info, parameters);
  }

  private async settle(command: CommandRow, from: CommandRow['status'][], to: CommandRow['status'], reason: string | null): Promise<void> {
    const settled = await transitionCommand(this.db, command.id, from, to, { reason });
    if (settled) {
      publishCommandUpdate(this.bus, settled);
      this.logger.info({ commandId: settled.id, kind: settled.kind, status: settled.status }, 'command settled');
    }
  }
}
