import type { IncomingMessage } from 'node:http';

/**
 * Request bodies: JSON or form-encoded (OAuth clients and HTML forms send the latter), at most
 * 1 MB. A repeated form field (the consent page's `scope` checkboxes) becomes a string array.
 */

const MAX_BODY_BYTES = 1_000_000;

export class BadRequestBody extends Error {}

export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequestBody('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    return formFields(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BadRequestBody('body must be a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof BadRequestBody) throw error;
    throw new BadRequestBody('invalid JSON body');
  }
}

function formFields(params: URLSearchParams): Record<string, string | string[]> {
  // A Map, not an object literal, so that a field named `__proto__` stays a plain field.
  const fields = new Map<string, string | string[]>();
  for (const [name, value] of params) {
    const previous = fields.get(name);
    fields.set(name, previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]);
  }
  return Object.fromEntries(fields);
}
