import type { IncomingMessage } from 'node:http';

/** Request bodies: JSON or form-encoded (OAuth clients send the latter), at most 1 MB. */

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
    return Object.fromEntries(new URLSearchParams(text));
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
