import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GatewayError } from '../gateway-error.js';
import type { Logger } from '../observability/logger.js';
import type { ConnectFlow } from './connect-flow.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` + `<body style="font-family:system-ui;max-width:40em;margin:4em auto"><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end();
}

/**
 * `GET /oauth/tesla/callback`: Tesla sends the customer back here after consent. Shows a short page,
 * or sends the customer on to `redirectAfter` with `status` (and `accountId` or `error`).
 */
export async function handleTeslaCallback(req: IncomingMessage, res: ServerResponse, flow: ConnectFlow, publicUrl: string, logger: Logger): Promise<void> {
  const url = new URL(req.url ?? '/', publicUrl);
  const result = await flow.completeCallback(url);
  if (result.ok) {
    const accountId = encodeGlobalID('TeslaAccount', result.connection.id);
    logger.info({ connectionId: result.connection.id }, 'Tesla consent completed');
    if (result.redirectAfter) {
      const next = new URL(result.redirectAfter);
      next.searchParams.set('status', 'connected');
      next.searchParams.set('accountId', accountId);
      return redirect(res, next.toString());
    }
    return page(
      res,
      200,
      'Tesla account connected',
      `<p>Access granted for ${result.inventory.sites} energy site(s) and ${result.inventory.vehicles} vehicle(s).</p>` +
        `<p>Granted scopes: ${escapeHtml(result.connection.granted_scopes.join(', '))}</p><p>You can close this window.</p>`,
    );
  }
  if (result.redirectAfter) {
    const next = new URL(result.redirectAfter);
    next.searchParams.set('status', 'failed');
    next.searchParams.set('error', result.message);
    return redirect(res, next.toString());
  }
  return page(res, 400, 'Tesla account not connected', `<p>${escapeHtml(result.message)}</p>`);
}

/** `GET /oauth/tesla/connect?link=…`: a reconnect link from an error's remediation; starts a consent. */
export async function handleReconnectLink(req: IncomingMessage, res: ServerResponse, flow: ConnectFlow, publicUrl: string): Promise<void> {
  const link = new URL(req.url ?? '/', publicUrl).searchParams.get('link') ?? '';
  try {
    return redirect(res, await flow.startFromReconnectLink(link));
  } catch (error) {
    if (error instanceof GatewayError) return page(res, 400, 'Link not valid', `<p>${escapeHtml(error.message)}</p>`);
    throw error;
  }
}
