import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

interface VaultKey {
  id: string;
  key: Buffer;
}

export interface Sealed {
  ciphertext: string;
  keyId: string;
}

/**
 * Tokens at rest: AES-256-GCM, one random IV per value, the key id stored beside the ciphertext so
 * that keys can rotate (new values use the primary key; older ones open with any known key).
 */
export class TokenVault {
  private readonly keys = new Map<string, Buffer>();
  private readonly primary: VaultKey;

  constructor(primaryKey: Buffer, previousKeys: Buffer[] = []) {
    this.primary = toVaultKey(primaryKey);
    for (const k of [primaryKey, ...previousKeys]) {
      const vk = toVaultKey(k);
      this.keys.set(vk.id, vk.key);
    }
  }

  seal(plaintext: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.primary.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return {
      keyId: this.primary.id,
      ciphertext: ['v1', this.primary.id, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join('.'),
    };
  }

  open(ciphertext: string): string {
    const [version, keyId, iv, tag, body] = ciphertext.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || body === undefined) throw new Error('token ciphertext is malformed');
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`token was sealed with unknown key ${keyId}; is TOKEN_ENCRYPTION_KEY the right one?`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }
}

function toVaultKey(key: Buffer): VaultKey {
  if (key.length !== 32) throw new Error('token encryption keys must be 32 bytes (base64-encoded in TOKEN_ENCRYPTION_KEY)');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}

/**
 * The configured key (base64, 32 bytes; more keys after commas are previous ones still readable),
 * or in sandbox a generated key kept in DATA_DIR so a restart can still open stored tokens.
 */
export async function loadTokenVault(configured: string | undefined, dataDir: string | undefined): Promise<TokenVault> {
  if (configured) {
    const [primary, ...previous] = configured.split(',').map((k) => Buffer.from(k.trim(), 'base64'));
    return new TokenVault(primary as Buffer, previous);
  }
  if (!dataDir) return new TokenVault(randomBytes(32));
  const file = path.resolve(dataDir, 'token-encryption.key');
  try {
    return new TokenVault(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const key = randomBytes(32);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, key.toString('base64'), { mode: 0o600 });
    return new TokenVault(key);
  }
}
