import { createHash, randomBytes } from 'node:crypto';
import type { RunningSimulator } from '../../src/simulator/server.js';

/**
 * Test helpers for the browser legs: fetch an HTML page, read its one form the way a browser
 * would (hidden inputs, select options, checkboxes, submit buttons), post a choice and read the
 * 302 Location. Regexes are enough for the simulator's own, script-free markup.
 */

export interface Checkbox {
  name: string;
  value: string;
  checked: boolean;
  disabled: boolean;
}

export interface ParsedForm {
  action: string;
  method: string;
  hidden: Record<string, string>;
  selects: Record<string, string[]>;
  checkboxes: Checkbox[];
  buttons: { name: string; value: string }[];
}

const attr = (tag: string, name: string): string | undefined => {
  const raw = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return raw?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
};
const flag = (tag: string, name: string) => new RegExp(`\\s${name}(\\s|>|$)`).test(tag);

export function parseForm(html: string): ParsedForm {
  const formTag = /<form\b[^>]*>/.exec(html)?.[0];
  if (!formTag) throw new Error(`no form in page:\n${html}`);
  const inputs = [...html.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]);
  const hidden = Object.fromEntries(inputs.filter((t) => attr(t, 'type') === 'hidden').map((t) => [attr(t, 'name')!, attr(t, 'value') ?? '']));
  const checkboxes = inputs
    .filter((t) => attr(t, 'type') === 'checkbox')
    .map((t) => ({ name: attr(t, 'name')!, value: attr(t, 'value')!, checked: flag(t, 'checked'), disabled: flag(t, 'disabled') }));
  const selects = Object.fromEntries(
    [...html.matchAll(/<select\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)].map((m) => [
      m[1]!,
      [...m[2]!.matchAll(/<option\b[^>]*value="([^"]*)"/g)].map((o) => o[1]!),
    ]),
  );
  const buttons = [...html.matchAll(/<button\b[^>]*>/g)].map((m) => ({ name: attr(m[0], 'name')!, value: attr(m[0], 'value')! }));
  return { action: attr(formTag, 'action')!, method: attr(formTag, 'method')!, hidden, selects, checkboxes, buttons };
}

export async function getPage(sim: RunningSimulator, path: string): Promise<{ status: number; contentType: string; html: string }> {
  const res = await fetch(`${sim.url}${path}`, { redirect: 'manual' });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', html: await res.text() };
}

/** Posts a form as a browser does (repeated fields for checkboxes); returns the status and Location. */
export async function postForm(sim: RunningSimulator, action: string, fields: [string, string][]): Promise<{ status: number; location: URL | undefined; html: string }> {
  const res = await fetch(new URL(action, sim.url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location) : undefined, html: await res.text() };
}

export const REDIRECT_URI = 'http://127.0.0.1:9/callback';
export const CLIENT_ID = 'derms-sandbox-client';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizePath(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, state: 'st-1' });
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) query.delete(name);
    else query.set(name, value);
  }
  return `/oauth2/v3/authorize?${query}`;
}

export interface ConsentChoice {
  account: string;
  /** Boxes left ticked; default: all enabled boxes as rendered. */
  scopes?: string[];
  decision?: 'allow' | 'deny';
}

/** GET authorize, fill the form like a user, POST it; returns the callback URL. */
export async function consent(sim: RunningSimulator, params: Record<string, string | undefined>, choice: ConsentChoice): Promise<URL> {
  const page = await getPage(sim, authorizePath(params));
  if (page.status !== 200) throw new Error(`authorize page: ${page.status} ${page.html}`);
  const form = parseForm(page.html);
  const ticked = form.checkboxes.filter((c) => !c.disabled && (choice.scopes ? choice.scopes.includes(c.value) : c.checked));
  const fields: [string, string][] = [
    ...Object.entries(form.hidden),
    ['account', choice.account],
    ...ticked.map((c): [string, string] => [c.name, c.value]),
    ['decision', choice.decision ?? 'allow'],
  ];
  const answer = await postForm(sim, form.action, fields);
  if (answer.status !== 302 || !answer.location) throw new Error(`consent answer: ${answer.status} ${answer.html}`);
  return answer.location;
}

export async function exchangeCode(sim: RunningSimulator, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.url}/oauth2/v3/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, ...fields }).toString(),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}
