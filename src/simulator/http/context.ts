import type { IncomingMessage } from 'node:http';
import type { Sandbox } from '../sandbox.js';
import type { Reply } from './replies.js';
import type { Params } from './router.js';

export interface HttpContext {
  req: IncomingMessage;
  url: URL;
  params: Params;
  sandbox: Sandbox;
  /** Parses the body on first call; GET handlers never touch it. */
  body(): Promise<Record<string, unknown>>;
}

export type Handler = (ctx: HttpContext) => Reply | Promise<Reply>;
