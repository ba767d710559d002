import DataLoader from 'dataloader';
import type { CommandRow } from '../db/tables.js';
import type { CommandService } from './command-service.js';

export function createCommandLoaders(commands: CommandService, organizationId: string) {
  return {
    commandById: new DataLoader<string, CommandRow | null>(async (ids) => {
      const byId = new Map((await commands.commandsByIds(organizationId, ids)).map((c) => [c.id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type CommandLoaders = ReturnType<typeof createCommandLoaders>;
