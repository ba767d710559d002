import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The integrator's P-256 public key that Tesla fetches from
 * `/.well-known/appspecific/com.tesla.3p.public-key.pem` before a customer can pair a virtual key.
 * Live: read from TESLA_PUBLIC_KEY_FILE (the private half stays with the command proxy). Sandbox: a
 * key pair generated once and kept in DATA_DIR (in memory when there is none).
 */
export async function loadIntegratorPublicKey(options: { publicKeyFile: string | undefined; sandbox: boolean; dataDir: string | undefined }): Promise<string | null> {
  if (options.publicKeyFile) return readFile(options.publicKeyFile, 'utf8');
  if (!options.sandbox) return null;
  const file = options.dataDir ? path.resolve(options.dataDir, 'tesla-public-key.pem') : null;
  if (file) {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  if (file) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(path.resolve(path.dirname(file), 'tesla-private-key.pem'), privateKey, { mode: 0o600 });
    await writeFile(file, publicKey);
  }
  return publicKey;
}
