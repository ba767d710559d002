import { z } from 'zod';
import type { DispatchMode } from '../db/tables.js';

/**
 * What a DISPATCH_SITE or RESTORE_SITE command carries in `commands.parameters`. One codec for the
 * place that writes it (the dispatch service) and the places that read it (the runner steps), so
 * a stored row that does not match fails loudly instead of being cast and misread.
 */
const dispatchSiteParameters = z.object({
  dispatchId: z.string().uuid(),
  mode: z.enum(['CHARGE', 'DISCHARGE', 'IDLE', 'SELF_CONSUMPTION']),
  enableGridInteraction: z.boolean(),
  powerKw: z.number().nullable(),
});

export interface DispatchSiteParameters {
  dispatchId: string;
  mode: DispatchMode;
  enableGridInteraction: boolean;
  powerKw: number | null;
}

export const dispatchParameters = {
  /** The JSON stored in `commands.parameters`. */
  encode(parameters: DispatchSiteParameters): string {
    return JSON.stringify(dispatchSiteParameters.parse(parameters));
  },
  /** Reads a stored command's parameters back (jsonb arrives parsed). */
  decode(stored: unknown): DispatchSiteParameters {
    return dispatchSiteParameters.parse(typeof stored === 'string' ? JSON.parse(stored) : stored);
  },
};
