import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { GraphQLError, Kind, validate, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { CoercedOperation } from './argument-checks.js';

/** The arguments graphql-armor's cost analysis multiplies a selection by. */
const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last']);

/**
 * The operation to run (and every fragment) with `first`/`last` variables written in as the
 * literals they stand for, or null when there is none (the literal-only cost armor computed in
 * validation is then already the cost).
 */
function withPageSizesWrittenIn({ operation, fragments, variables }: CoercedOperation): DocumentNode | null {
  if (!operation.variableDefinitions?.length) return null;
  let written = false;
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...fragments],
  };
  const rewritten = visit(document, {
    Argument(node) {
      if (!PAGE_SIZE_ARGUMENTS.has(node.name.value) || node.value.kind !== Kind.VARIABLE) return undefined;
      const value = variables[node.value.name.value];
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      written = true;
      return { ...node, value: { kind: Kind.INT, value: String(value) } };
    },
  });
  return written ? rewritten : null;
}

/**
 * graphql-armor's cost limit runs in validation, before variables are known: `sites(first: 100)`
 * counts a hundredfold but `sites(first: $n)` once. At execution the variables are known, so the
 * same cost is computed again with `first`/`last` variables as literals, and an operation over
 * the limit is refused with the same code (QUERY_TOO_COMPLEX) before anything runs.
 *
 * The cost armor would find had the variables been literals; an error when it is over `maxCost`.
 */
export function checkVariableCost(schema: GraphQLSchema, coerced: CoercedOperation, maxCost: number): GraphQLError | null {
  const document = withPageSizesWrittenIn(coerced);
  if (!document) return null;
  let refused: string | null = null;
  validate(schema, document, [
    costLimitRule({
      maxCost,
      propagateOnRejection: false,
      onReject: [
        (_context, error) => {
          refused = error.message.replace(/^Syntax Error: /, '');
        },
      ],
    }),
  ]);
  return refused === null ? null : new GraphQLError(refused, { extensions: { code: 'QUERY_TOO_COMPLEX' } });
}
