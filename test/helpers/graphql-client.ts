import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown> & { code?: string };
}

export interface GraphqlResponse<T> {
  status: number;
  data: T | null | undefined;
  errors: GraphqlError[] | undefined;
}

/** Sends one operation over real HTTP, like any client would. */
export async function executeOperation<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables> | DocumentNode | string,
  variables?: TVariables,
  apiKey?: string,
): Promise<GraphqlResponse<TResult>> {
  const query = typeof document === 'string' ? document : print(document);
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    },
    body: JSON.stringify({ query, variables: variables ?? {} }),
  });
  const body = (await response.json()) as { data?: TResult | null; errors?: GraphqlError[] };
  return { status: response.status, data: body.data, errors: body.errors };
}
