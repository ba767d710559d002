/** What Tesla answers to commands (tesla-fleet-api.md §5.5, §6.3), inside the `response` envelope. */

/**
 * Energy command replies have drifted: since 2025-07 `/backup` answers `{Code:200,Message}` with
 * capitalised keys, `grid_import_export` an empty string, the rest still `{code:201,message}`.
 */
export type EnergyReplyShape = 'capitalized' | 'empty' | 'lowercase';

export function energyCommandResponse(shape: EnergyReplyShape): unknown {
  switch (shape) {
    case 'capitalized':
      return { Code: 200, Message: 'Updated' };
    case 'empty':
      return '';
    case 'lowercase':
      return { code: 201, message: 'Updated' };
  }
}

/** A vehicle command's outcome; a car-side refusal is still HTTP 200. */
export function commandResultJson(result: boolean, reason = '') {
  return { result, reason };
}
