import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** What one subscription received, and how to end it. */
export interface Subscription<T> {
  events: T[];
  errors: unknown[];
  completed: boolean;
  stop(): void;
}

/** Real graphql-ws clients over real sockets; `disposeAll` closes every one (call it in afterAll). */
export function wsClients() {
  const clients: Client[] = [];
  return {
    client(gatewayUrl: string, apiKey: string): Client {
      const c = createClient({
        url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${apiKey}` },
        retryAttempts: 0,
      });
      clients.push(c);
      return c;
    },
    /** A typed document (schema/operations) or a query string. */
    subscribe<T, V = Record<string, unknown>>(client: Client, document: TypedDocumentNode<T, V> | string, variables?: V): Subscription<T> {
      const sub: Subscription<T> = { events: [], errors: [], completed: false, stop: () => {} };
      const query = typeof document === 'string' ? document : print(document);
      sub.stop = client.subscribe<T>(
        { query, variables: (variables ?? {}) as Record<string, unknown> },
        {
          next: (result) => (result.errors ? sub.errors.push(...result.errors) : sub.events.push(result.data as T)),
          error: (error) => sub.errors.push(error),
          complete: () => (sub.completed = true),
        },
      );
      return sub;
    },
    async disposeAll(): Promise<void> {
      await Promise.all(clients.map((c) => c.dispose()));
      clients.length = 0;
    },
  };
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
