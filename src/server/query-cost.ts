import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { getVariableValues, GraphQLError, Kind, validate, visit, type DocumentNode, type ExecutionArgs, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The arguments graphql-armor's cost analysis multiplies a selection by. */
const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last']);

/**
 * The operation to run (and every fragment) with `first`/`last` variables written in as the
 * literals they stand for, or null when there is none (the literal-only cost armor computed in
 * validation is then already the cost).
 */
function withPageSizesWrittenIn(args: ExecutionArgs): DocumentNode | null {
  const operations = args.document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = args.operationName ? operations.find((o) => o.name?.value === args.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation?.variableDefinitions?.length) return null;
  const coerced = getVariableValues(args.schema, operation.variableDefinitions, (args.variableValues ?? {}) as Record<string, unknown>, { maxErrors: 1 });
  if (coerced.errors) return null; // execution reports it, with its own code
  let written = false;
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...args.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)],
  };
  const rewritten = visit(document, {
    Argument(node) {
      if (!PAGE_SIZE_ARGUMENTS.has(node.name.value) || node.value.kind !== Kind.VARIABLE) return undefined;
      const value = coerced.coerced[node.value.name.value];
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      written = true;
      return { ...node, value: { kind: Kind.INT, value: String(value) } };
    },
  });
  return written ? rewritten : null;
}

/** The cost armor would find had the variables been literals; an error when it is over `maxCost`. */
export function checkVariableCost(args: ExecutionArgs, maxCost: number): GraphQLError | null {
  const document = withPageSizesWrittenIn(args);
  if (!document) return null;
  let refused: string | null = null;
  validate(args.schema, document, [
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

/**
 * graphql-armor's cost limit runs in validation, before variables are known: `sites(first: 100)`
 * counts a hundredfold but `sites(first: $n)` once. At execution the variables are known, so the
 * same cost is computed again with `first`/`last` variables as literals, and an operation over
 * the limit is refused with the same code (QUERY_TOO_COMPLEX) before anything runs.
 */
export function useVariableCostLimit(options: { maxCost: number }): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = checkVariableCost(args, options.maxCost);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = checkVariableCost(args, options.maxCost);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
