import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

describe('client errors are logged at info or warn, never error, never with a stack', () => {
  let stack: TestStack;
  let apiKey: string;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ logStream: { write: (line) => lines.push(JSON.parse(line) as LogLine) } });
    apiKey = (await stack.createOrganization()).apiKey;
  });
  afterAll(() => stack?.close());

  async function logsOf(run: () => Promise<unknown>): Promise<LogLine[]> {
    const from = lines.length;
    await run();
    await new Promise((r) => setTimeout(r, 100));
    return lines.slice(from);
  }

  function expectLoggedQuietly(logged: LogLine[], mention: string): void {
    const text = (l: LogLine) => JSON.stringify(l);
    expect(logged.filter((l) => l.level >= 50).map(text)).toEqual([]);
    const about = logged.filter((l) => text(l).includes(mention));
    expect(about.length).toBeGreaterThan(0);
    for (const line of about) {
      expect([30, 40]).toContain(line.level);
      expect(text(line)).not.toMatch(/"stack"|\\n\s+at /);
    }
  }

  it('a bad API key', async () => {
    const logged = await logsOf(async () => {
      const result = await stack.execute('{ sites(first: 1) { totalCount } }', {}, 'dgw_not-a-real-key-at-all-0000000000');
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
    expectLoggedQuietly(logged, 'UNAUTHENTICATED');
  });

  it('bad input', async () => {
    const logged = await logsOf(async () => {
      const result = await stack.execute('{ site(id: "not-a-global-id") { id } }', {}, apiKey);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
    expectLoggedQuietly(logged, 'BAD_USER_INPUT');
  });
});
