import { afterAll, beforeAll } from 'vitest';
import { startTestStack, type TestStack } from './test-stack.js';
import { wsClients } from './ws-client.js';

export interface DemoStack {
  stack: TestStack;
  org: Awaited<ReturnType<TestStack['demoOrganization']>>;
  site: Awaited<ReturnType<TestStack['firstBatterySite']>>;
  ws: ReturnType<typeof wsClients>;
}

/**
 * The usual setup of a telemetry or subscription test file: a stack (booted in beforeAll, closed in
 * afterAll) with the demo fleet in one organization, its first battery site, and graphql-ws clients.
 * Read the fields inside tests, once beforeAll has run.
 */
export function useDemoStack(env: Record<string, string>): DemoStack {
  const demo = { ws: wsClients() } as DemoStack;
  beforeAll(async () => {
    demo.stack = await startTestStack({ env });
    demo.org = await demo.stack.demoOrganization();
    demo.site = await demo.stack.firstBatterySite(demo.org.apiKey);
  });
  afterAll(async () => {
    await demo.ws.disposeAll();
    await demo.stack?.close();
  });
  return demo;
}
