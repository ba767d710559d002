import type { Reply } from './replies.js';

/**
 * The few HTML pages the simulator serves (consent, revoke consent, errors): plain forms without
 * scripts or styles, so a test can parse them and a person can click through them.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function htmlPage(status: number, title: string, bodyMarkup: string): Reply {
  const text = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
${bodyMarkup}
</body>
</html>
`;
  return { status, text, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } };
}

/** An OAuth error shown to the user instead of redirecting (bad client or redirect_uri). */
export function errorPage(status: number, error: string, description: string): Reply {
  return htmlPage(status, 'Sign in with Tesla (sandbox): error', `<p><code id="error">${escapeHtml(error)}</code></p>\n<p>${escapeHtml(description)}</p>`);
}

export function redirect(location: string): Reply {
  return { status: 302, text: '', headers: { location, 'cache-control': 'no-store' } };
}

/** Only absolute http(s) URLs may be redirect targets. */
export function httpUrl(text: string | null | undefined): URL | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A form field as a list: absent → [], repeated → all values. */
export function formValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
