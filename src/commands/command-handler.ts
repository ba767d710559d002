import type { CommandRow, CommandStatus } from '../db/tables.js';

/** How a sent command ended: its final status and the reason (Tesla's words when it gave them). */
export type CommandOutcome = [CommandStatus, string | null];

/**
 * Sent, its effect not visible yet: the command stays SENT with `reason`, its worker is freed, and
 * the handler's `watch` runs from a delayed job after `afterMs`. The job is durable, so a restart
 * between two reads loses nothing, and a worker is not held through a verification interval.
 */
export interface CommandWatch {
  watchAgainAfterMs: number;
  reason: string;
}

export type CommandResult = CommandOutcome | CommandWatch;

/**
 * The sending side of one command kind that another domain owns (dispatch steps, restores, …):
 * the runner keeps the state machine, send budget, expiry and retries; the handler does the work.
 */
export interface CommandHandler {
  /** Tesla calls the command costs at most, taken from the send budget before it is sent. */
  teslaCalls: number;
  /** Seconds to come back later instead of sending now (0: send now). Nothing is spent meanwhile. */
  deferSeconds?(command: CommandRow): Promise<number>;
  /**
   * Past the usual attempts, a transient failure (Tesla 5xx, timeouts, rate limits, a site offline)
   * is still retried, ever more slowly, until the command expires: for work that must not be given
   * up while there is time, such as putting a customer's settings back.
   */
  retryUntilExpiry?: boolean;
  /** Sends the command and verifies its effect, or returns a watch. Throw a transient GatewayError to be retried. */
  execute(command: LeasedCommand): Promise<CommandResult>;
  /**
   * One read of a watched command's effect (one Tesla call, from the send budget); `readsDone`
   * reads were made before. Required when `execute` can return a watch.
   */
  watch?(command: LeasedCommand, readsDone: number): Promise<CommandResult>;
}

/**
 * A command as read when its delivery claimed it. `dispatch_cancelled_at`: when the dispatch it
 * belongs to was cancelled (null: not cancelled, or no dispatch), read in the same statement.
 */
export type LeasedCommand = CommandRow & { dispatch_cancelled_at?: Date | null };
