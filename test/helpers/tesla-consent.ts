/**
 * Plays the customer at the simulator's consent page, over real HTTP: opens Tesla's authorization
 * URL, ticks the given scopes, allows or denies, and returns where Tesla redirects the browser.
 */
export async function consentAtTesla(authorizationUrl: string, options: { account?: string; scopes?: string[]; decision?: 'allow' | 'deny' } = {}): Promise<string> {
  const page = await fetch(authorizationUrl);
  const html = await page.text();
  if (!page.ok) throw new Error(`consent page answered ${page.status}: ${html.slice(0, 200)}`);
  const requestId = /name="request_id"\s+value="([^"]+)"/.exec(html)?.[1];
  if (!requestId) throw new Error('no request_id on the consent page');
  const offered = [...html.matchAll(/name="scope"\s+value="([^"]+)"/g)].map((m) => m[1]!);
  const form = new URLSearchParams({ request_id: requestId, account: options.account ?? 'demo', decision: options.decision ?? 'allow' });
  for (const scope of options.scopes ?? offered) form.append('scope', scope);
  const action = new URL('/oauth2/v3/authorize', authorizationUrl);
  const response = await fetch(action, { method: 'POST', body: form, redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`consent POST answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return location;
}
