import DataLoader from 'dataloader';
import type { CommandRow, DispatchRow, ProgramEventRow } from '../db/tables.js';
import type { CommandService } from './command-service.js';

/** Dispatches and program events by id (what commands and events link to, and node(s) reads): one query per request for a whole list. */
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
    /** `Command.dispatch`, `ProgramEvent.dispatch` and Dispatch nodes. */
    dispatchById: rowsById((ids) => links.dispatchesByIds(organizationId, ids)),
    /** `PowerhubDispatchParameters.event` and ProgramEvent nodes. */
    programEventById: rowsById((ids) => links.eventsByIds(organizationId, ids)),
  };
}

export type CommandLoaders = ReturnType<typeof createCommandLoaders>;
