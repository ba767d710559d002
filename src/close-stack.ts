import type { Logger } from './observability/logger.js';

/**
 * What the gateway started, closed in the reverse order: `defer` right after each part starts, so
 * a start-up that fails half-way closes exactly what it had started, and `close()` closes the rest.
 * Hand-written because Node 20 has no AsyncDisposableStack (it arrives with explicit resource
 * management in later Node versions); it is this one loop, with each failure logged, not thrown,
 * so one part that fails to close does not leave the others open.
 */
export class CloseStack {
  private readonly parts: { name: string; close: () => unknown }[] = [];

  constructor(private readonly logger: Logger) {}

  defer(name: string, close: () => unknown): void {
    this.parts.push({ name, close });
  }

  async closeAll(): Promise<void> {
    for (let part = this.parts.pop(); part; part = this.parts.pop()) {
      try {
        await part.close();
      } catch (error) {
        this.logger.warn({ err: error, part: part.name }, 'could not close a part of the gateway');
      }
    }
  }
}
