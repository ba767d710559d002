import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenVault } from '../../src/connections/token-vault.js';

describe('token vault', () => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);

  it('seals with AES-256-GCM: the ciphertext names its key and never contains the token', () => {
    const vault = new TokenVault(keyA);
    const token = `eyJ${randomBytes(60).toString('base64url')}`;
    const sealed = vault.seal(token);
    expect(sealed.ciphertext.startsWith(`v1.${sealed.keyId}.`)).toBe(true);
    expect(sealed.ciphertext).not.toContain(token.slice(0, 12));
    expect(vault.seal(token).ciphertext).not.toBe(sealed.ciphertext); // a fresh IV every time
    expect(vault.open(sealed.ciphertext)).toBe(token);
  });

  it('rotates keys: a new primary key still opens what the previous one sealed', () => {
    const old = new TokenVault(keyA);
    const sealedOld = old.seal('refresh-token-1');
    const rotated = new TokenVault(keyB, [keyA]);
    expect(rotated.open(sealedOld.ciphertext)).toBe('refresh-token-1');
    const sealedNew = rotated.seal('refresh-token-2');
    expect(sealedNew.keyId).not.toBe(sealedOld.keyId);
    expect(() => old.open(sealedNew.ciphertext)).toThrow(/unknown key/);
  });

  it('refuses tampered ciphertext', () => {
    const vault = new TokenVault(keyA);
    const parts = vault.seal('secret').ciphertext.split('.');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => vault.open(parts.join('.'))).toThrow();
  });
});
