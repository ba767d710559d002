/** Channel numbers for hash noise, so that weather, load and start-up state never share a stream. */
export const NoiseChannel = {
  cloudDay: 1,
  cloudPassing: 2,
  loadJitter: 3,
  initialCharge: 4,
} as const;
