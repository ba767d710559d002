import { CommandByIdDocument, type CommandDetailsFragment } from '../../schema/generated/graphql.js';
import type { TestStack } from './test-stack.js';

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'];

/** Reads a command until it is terminal (or the time runs out, returning it as it is for the assertion to explain). */
export async function settledCommand(stack: TestStack, apiKey: string, id: string, timeoutMs = 20_000): Promise<CommandDetailsFragment> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const command = (await stack.execute(CommandByIdDocument, { id }, apiKey)).data!.command!;
    if (TERMINAL.includes(command.status) || Date.now() > deadline) return command;
    await new Promise((r) => setTimeout(r, 100));
  }
}
