import { getVariableValues, Kind, type ExecutionArgs, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { checkInputLimits } from './input-limits.js';
import { checkVariableCost } from './query-cost.js';

/** The operation a request will run, its fragments, and its variables as execution will coerce them. */
export interface CoercedOperation {
  operation: OperationDefinitionNode;
  fragments: FragmentDefinitionNode[];
  variables: Record<string, unknown>;
}

/** Null when execution will report the problem itself, with its own code (no such operation, a bad variable). */
export function coercedOperation(args: ExecutionArgs): CoercedOperation | null {
  const operations = args.document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = args.operationName ? operations.find((o) => o.name?.value === args.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return null;
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>, { maxErrors: 1 });
  if (coerced.errors) return null;
  const fragments = args.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return { operation, fragments, variables: coerced.coerced };
}

/**
 * Checks of argument values, before anything runs, over HTTP and WebSocket alike (both run Yoga's
 * pipeline): the input size limits (input-limits.ts), then the cost limit with `first`/`last`
 * variables counted as literals (query-cost.ts). One plugin, so the variables are coerced once.
 */
export function useArgumentChecks(options: { maxCost: number }): Plugin {
  const check = (args: ExecutionArgs) => {
    const coerced = coercedOperation(args);
    return coerced && (checkInputLimits(args.schema, coerced) ?? checkVariableCost(args.schema, coerced, options.maxCost));
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
