import { decodeGlobalID } from '@pothos/plugin-relay';
import { GatewayError } from '../gateway-error.js';

/** Decodes a global ID that must name `typename`; anything else is a malformed ID (BAD_USER_INPUT). */
export function parseGlobalId(globalId: string, typename: string, field: string): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw GatewayError.badUserInput(field, `${field} is not a valid global ID`);
  }
  if (decoded.typename !== typename || !decoded.id) {
    throw GatewayError.badUserInput(field, `${field} is not a ${typename} ID`);
  }
  return decoded.id;
}
