import { describe, expect, it } from 'vitest';
import { RequestDeadline } from '../../src/upstream/request-deadline.js';

describe('RequestDeadline', () => {
  it('cuts a wait that outlives it with the coded error', async () => {
    const deadline = new RequestDeadline(50);
    await expect(deadline.race(new Promise(() => {}))).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('ends with its request: the timer goes and the signal never aborts', async () => {
    const deadline = new RequestDeadline(50);
    expect(await deadline.race(Promise.resolve('answered'))).toBe('answered');
    deadline.end();
    await new Promise((r) => setTimeout(r, 120));
    expect(deadline.signal.aborted).toBe(false);
  });
});
