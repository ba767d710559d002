import {
  getArgumentValues,
  getNullableType,
  GraphQLError,
  GraphQLID,
  isInputObjectType,
  isListType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { CoercedOperation } from './argument-checks.js';

/**
 * Size limits on every argument, checked before anything runs (README "Security"): a string input
 * longer than its maximum, or a list with more items, is `BAD_USER_INPUT` with `field` = its input
 * path (`input.idempotencyKey`, `filter.nameContains`, `input.siteIds`). A field declares its own
 * maximum in its extensions (`maxLength`, `maxItems`; the schema description says it); every other
 * string, ID and list gets the defaults below. The HTTP body and WebSocket frame limits bound what
 * arrives at all; this bounds what reaches services, the database and Tesla.
 */
export const INPUT_LIMITS = {
  /** Any String input without its own `maxLength`. */
  stringMaxLength: 1000,
  /** Any ID input (global IDs are under 100 characters). */
  idMaxLength: 200,
  /** Any list input without its own `maxItems`. */
  listMaxItems: 1000,
  /** Names (programs, …) and name filters. */
  nameMaxLength: 200,
  /** Idempotency keys. */
  idempotencyKeyMaxLength: 255,
};

/** Pothos `extensions` for a string input with its own maximum length. */
export function maxLength(n: number): { maxLength: number } {
  return { maxLength: n };
}

/** Pothos `extensions` for a list input with its own maximum number of items. */
export function maxItems(n: number): { maxItems: number } {
  return { maxItems: n };
}

interface Limits {
  maxLength?: unknown;
  maxItems?: unknown;
}

function refusedInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

function check(value: unknown, type: GraphQLInputType, path: string, limits: Limits): GraphQLError | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return null;
    const max = typeof limits.maxItems === 'number' ? limits.maxItems : INPUT_LIMITS.listMaxItems;
    if (value.length > max) return refusedInput(path, `${path} has ${value.length} items; at most ${max} are allowed`);
    for (let i = 0; i < value.length; i++) {
      const error = check(value[i], nullable.ofType, `${path}[${i}]`, limits);
      if (error) return error;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return null;
    for (const field of Object.values(nullable.getFields())) {
      const error = check((value as Record<string, unknown>)[field.name], field.type, `${path}.${field.name}`, field.extensions as Limits);
      if (error) return error;
    }
    return null;
  }
  if (typeof value === 'string') {
    const max = typeof limits.maxLength === 'number' ? limits.maxLength : nullable === GraphQLID ? INPUT_LIMITS.idMaxLength : INPUT_LIMITS.stringMaxLength;
    if (value.length > max) return refusedInput(path, `${path} is ${value.length} characters long; at most ${max} are allowed`);
    // Postgres text cannot hold NUL, and no name, filter or key needs one.
    if (value.includes('\u0000')) return refusedInput(path, `${path} contains a NUL character`);
  }
  return null;
}

/** The first argument of the operation over its limits, or null. */
export function checkInputLimits(schema: GraphQLSchema, { operation, fragments, variables }: CoercedOperation): GraphQLError | null {
  const typeInfo = new TypeInfo(schema);
  let found: GraphQLError | null = null;
  const scope = [operation, ...fragments];
  for (const definition of scope) {
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          if (found) return false;
          const fieldDef = typeInfo.getFieldDef();
          if (!fieldDef || !node.arguments?.length) return undefined;
          let values: Record<string, unknown>;
          try {
            values = getArgumentValues(fieldDef, node, variables);
          } catch {
            return undefined; // a bad value: execution reports it
          }
          for (const arg of fieldDef.args) {
            found = check(values[arg.name], arg.type, arg.name, arg.extensions as Limits);
            if (found) return false;
          }
          return undefined;
        },
      }),
    );
    if (found) break;
  }
  return found;
}
