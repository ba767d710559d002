import DataLoader from 'dataloader';
import type { CommandRow, DispatchRow, ProgramEventRow } from '../db/tables.js';
import type { CommandService } from './command-service.js';

/** What a command links to: its dispatch or program event, one query per request for a whole list. */
interface CommandLinks {
  dispatchesByIds(organizationId: string, ids: readonly string[]): Promise<DispatchRow[]>;
  eventsByIds(organizationId: string, ids: readonly string[]): Promise<ProgramEventRow[]>;
}

function rowsById<Row extends { id: string }>(load: (ids: readonly string[]) => Promise<Row[]>) {
  return new DataLoader<string, Row | null>(async (ids) => {
    const byId = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

export function createCommandLoaders(commands: CommandService, links: CommandLinks, organizationId: string) {
  return {
    commandById: rowsById((ids) => commands.commandsByIds(organizationId, ids)),
    /** `Command.dispatch` for a list of commands. */
    dispatchById: rowsById((ids) => links.dispatchesByIds(organizationId, ids)),
    /** `PowerhubDispatchParameters.event` for a list of commands. */
    programEventById: rowsById((ids) => links.eventsByIds(organizationId, ids)),
  };
}

export type CommandLoaders = ReturnType<typeof createCommandLoaders>;
