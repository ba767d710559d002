import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../generated/graphql';

/** A GraphQL error, with the gateway's stable `extensions.code`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined = undefined,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface GraphqlError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

function toApiError(error: GraphqlError): ApiError {
  const code = typeof error.extensions?.['code'] === 'string' ? error.extensions['code'] : undefined;
  return new ApiError(error.message, code, error.extensions ?? {});
}

export interface Result<R> {
  data: R;
  /** Errors of single fields (e.g. one site Tesla could not read): the rest of the data is good. */
  errors: ApiError[];
}

/**
 * The console's one way to the gateway: GraphQL over HTTP (queries, mutations) and graphql-ws
 * (subscriptions) on the same origin, with the API key as a Bearer token — the same public API any
 * integrator uses, with the documents GraphQL Code Generator typed from schema/schema.graphql.
 */
export class Api {
  private socket: Client | null = null;

  constructor(
    private readonly apiKey: string,
    private readonly onKeyRefused: () => void,
  ) {}

  async query<R, V>(document: TypedDocumentString<R, V>, ...[variables]: V extends Record<string, never> ? [] | [V] : [V]): Promise<Result<R>> {
    let response: Response;
    try {
      response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${this.apiKey}` },
        body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      });
    } catch {
      throw new ApiError('The gateway cannot be reached', 'NETWORK');
    }
    const body = (await response.json().catch(() => null)) as { data?: R | null; errors?: GraphqlError[] } | null;
    if (!body) throw new ApiError(`The gateway answered HTTP ${response.status}`, 'HTTP');
    const errors = (body.errors ?? []).map(toApiError);
    if (errors.some((e) => e.code === 'UNAUTHENTICATED')) this.onKeyRefused();
    if (body.data === null || body.data === undefined) throw errors[0] ?? new ApiError('No data', 'HTTP');
    return { data: body.data, errors };
  }

  /** Starts a subscription; returns the function that stops it. */
  subscribe<R, V>(document: TypedDocumentString<R, V>, variables: V, onData: (data: R) => void, onError: (error: ApiError) => void): () => void {
    return this.ws().subscribe<R>(
      { query: document.toString(), variables: variables as Record<string, unknown> },
      {
        next: (result) => {
          if (result.errors?.length) onError(toApiError(result.errors[0] as GraphqlError));
          if (result.data) onData(result.data as R);
        },
        error: (error) => {
          if (Array.isArray(error)) onError(toApiError(error[0] as GraphqlError));
          else if (error instanceof CloseEvent) onError(new ApiError(`The live connection closed (${error.code}${error.reason ? `: ${error.reason}` : ''})`, 'SOCKET'));
          else onError(new ApiError(error instanceof Error ? error.message : 'The live connection failed', 'SOCKET'));
        },
        complete: () => undefined,
      },
    );
  }

  close(): void {
    void this.socket?.dispose();
    this.socket = null;
  }

  private ws(): Client {
    if (!this.socket) {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
      this.socket = createClient({
        url,
        connectionParams: { authorization: `Bearer ${this.apiKey}` },
        lazy: true,
        // A wall screen stays up through gateway restarts: reconnect for ever, except when the key is refused.
        retryAttempts: Number.MAX_SAFE_INTEGER,
        shouldRetry: (event) => !(event instanceof CloseEvent && event.code === 4403),
        on: {
          closed: (event) => {
            if (event instanceof CloseEvent && event.code === 4403) this.onKeyRefused();
          },
        },
      });
    }
    return this.socket;
  }
}
