import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../src/config.js';
import { tellSimulatorPartnerDomain } from '../../src/connections/sandbox-fleet.js';
import { GatewayError } from '../../src/gateway-error.js';
import { p256KeyHex } from '../../src/tesla/partner-registration.js';
import { SiteLiveStatusesDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * Issue 10 item 1: Tesla answers 412 in every region where the app is not registered; the gateway
 * registers with a partner token (client_credentials) and `POST /api/1/partner_accounts`, after
 * which Tesla holds the key it fetched from the gateway's well-known URL. The simulator starts
 * like a new Tesla app: registered nowhere.
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

function newKeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
    .publicKey;
}

/** A web server that serves some other well-known key (or none), where the simulator is told the domain lives. */
async function keyServer(pem: string | null): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (pem && req.url === '/.well-known/appspecific/com.tesla.3p.public-key.pem') return void res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(pem);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function tellSimulator(stack: TestStack, domain: string, origin: string) {
  return tellSimulatorPartnerDomain(stack.simulator.url, domain, origin);
}

describe('partner registration against a simulator that starts registered nowhere', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ registerApp: false });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses Fleet API calls with PARTNER_NOT_REGISTERED naming the fix, then works once tesla:register ran', async () => {
    const org = await stack.createOrganization();
    const refused = await stack.connectAccount(org.organizationId, 'demo').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ code: 'PARTNER_NOT_REGISTERED', details: { upstreamStatus: 412, region: 'na' } });
    expect(String((refused as GatewayError).details['remediation'])).toContain('npm run admin -- tesla:register');

    // The key must be fetched from the gateway: the simulator is told where 127.0.0.1's well-known URL is served.
    await tellSimulator(stack, '127.0.0.1', stack.gatewayUrl);
    const { domain, outcomes } = await stack.gateway.registerTeslaApp();
    expect(domain).toBe('127.0.0.1');
    expect(outcomes.map((o) => [o.region, o.status])).toEqual([
      ['na', 'registered'],
      ['eu', 'registered'],
      ['cn', 'registered'],
    ]);

    // Tesla now holds the key the gateway serves at the well-known path.
    const served = await (await fetch(`${stack.gatewayUrl}/.well-known/appspecific/com.tesla.3p.public-key.pem`)).text();
    const accounts = (await (await fetch(`${stack.simulator.url}/sim/partner-accounts`)).json()) as Record<string, { domain: string; publicKeyHex: string }>;
    expect(accounts['na']).toMatchObject({ domain: '127.0.0.1', publicKeyHex: p256KeyHex(served) });

    const connected = await stack.connectAccount(org.organizationId, 'demo');
    expect(connected.connectionId).toBeTruthy();
    const sites = await stack.execute(SiteLiveStatusesDocument, { first: 1 }, org.apiKey);
    expect(sites.errors).toBeUndefined();
  });

  it('reports a key Tesla holds that differs from the one the gateway serves, and a key it could not fetch', async () => {
    const other = await keyServer(newKeyPem());
    const none = await keyServer(null);
    try {
      await tellSimulator(stack, '127.0.0.1', other.origin);
      const mismatch = await stack.gateway.registerTeslaApp();
      expect(mismatch.outcomes.map((o) => o.status)).toEqual(['key_mismatch', 'key_mismatch', 'key_mismatch']);
      expect(mismatch.outcomes[0]!.message).toContain('another public key');

      await tellSimulator(stack, '127.0.0.1', none.origin);
      const missing = await stack.gateway.registerTeslaApp();
      expect(missing.outcomes[0]).toMatchObject({ status: 'failed' });
      expect(missing.outcomes[0]!.message).toMatch(/partner_accounts answered 400: could not fetch the public key at https:\/\/127\.0\.0\.1\/\.well-known/);
    } finally {
      other.server.close();
      none.server.close();
      await tellSimulator(stack, '127.0.0.1', stack.gatewayUrl);
    }
  });

  it('needs the client secret for the partner token', async () => {
    const wrongSecret = await startTestStack({ registerApp: false, env: { TESLA_CLIENT_SECRET: 'not-the-secret' } });
    try {
      await tellSimulator(wrongSecret, '127.0.0.1', wrongSecret.gatewayUrl);
      const { outcomes } = await wrongSecret.gateway.registerTeslaApp();
      expect(outcomes[0]).toMatchObject({ status: 'failed' });
      expect(outcomes[0]!.message).toContain('Tesla refused the partner token');
      expect(outcomes[0]!.message).not.toContain('not-the-secret');
    } finally {
      await wrongSecret.close();
    }
  });

  /**
   * A gateway serving a fresh key (as a live one would from TESLA_PUBLIC_KEY_FILE) on a simulator
   * registered nowhere, and `npm run admin -- tesla:register` run as a child process with the same
   * settings plus `cliEnv`.
   */
  async function withRegisterCli(cliEnv: (served: TestStack) => Record<string, string>, check: (served: TestStack, stdout: string) => Promise<void>) {
    const dir = await mkdtemp(path.join(tmpdir(), 'derms-register-'));
    const keyFile = path.join(dir, 'public-key.pem');
    await writeFile(keyFile, newKeyPem());
    const served = await startTestStack({ registerApp: false, env: { TESLA_PUBLIC_KEY_FILE: keyFile } });
    try {
      const env = {
        PATH: process.env['PATH'],
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        TESLA_MODE: 'sandbox',
        SIMULATOR_URL: served.simulator.url,
        PUBLIC_URL: served.gatewayUrl,
        TESLA_PUBLIC_KEY_FILE: keyFile,
        ...cliEnv(served),
      };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/organizations/admin-cli.ts', 'tesla:register'], { cwd: root, env });
      await check(served, stdout);
    } finally {
      await served.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  const registeredRegions = async (served: TestStack) => (await (await fetch(`${served.simulator.url}/sim/partner-registration`)).json()) as Record<string, boolean>;

  it('`npm run admin -- tesla:register` registers every region and prints the outcome', async () => {
    await withRegisterCli(() => ({}), async (served, stdout) => {
      expect(stdout).toContain('Tesla partner registration of 127.0.0.1');
      expect(stdout).toMatch(/na\s+registered/);
      expect(stdout).toMatch(/eu\s+registered/);
      expect(stdout).toContain('done:');
      expect(await registeredRegions(served)).toEqual({ na: true, eu: true, cn: true });
      const org = await served.createOrganization();
      await expect(served.connectAccount(org.organizationId, 'demo')).resolves.toMatchObject({ connectionId: expect.any(String) });
    });
  });

  it('`npm run admin -- tesla:register` with TESLA_FLEET_API_URL set registers that base only', async () => {
    const euBase = (served: TestStack) => `${served.simulator.url}/regions/eu`;
    await withRegisterCli(
      (served) => ({ TESLA_FLEET_API_URL: euBase(served) }),
      async (served, stdout) => {
        // One line, for the configured base, and nothing about the other regions.
        const lines = stdout.split('\n').filter((line) => /\s(registered|KEY MISMATCH|FAILED)\s/.test(line));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^\\s+configured\\s+registered\\s+${euBase(served).replace(/[.]/g, '\\.')}\\s`));
        expect(stdout).not.toMatch(/^\s+(na|cn)\s/m);
        expect(stdout).toContain('done:');
        // Tesla (the simulator) holds a registration in EU only: NA and CN still answer 412.
        expect(await registeredRegions(served)).toEqual({ na: false, eu: true, cn: false });
        const org = await served.createOrganization();
        await expect(served.connectAccount(org.organizationId, 'small')).resolves.toMatchObject({ connectionId: expect.any(String) }); // an EU account
        await expect(served.connectAccount(org.organizationId, 'demo')).rejects.toMatchObject({ code: 'PARTNER_NOT_REGISTERED', details: { region: 'na', upstreamStatus: 412 } });
      },
    );
  });
});

describe('`tesla:register` in live mode, exactly as the README says to run it', () => {
  it('needs only TESLA_CLIENT_ID, TESLA_CLIENT_SECRET, PUBLIC_URL and TESLA_PUBLIC_KEY_FILE (no token key, no database)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'derms-register-live-'));
    const keyFile = path.join(dir, 'public-key.pem');
    await writeFile(keyFile, newKeyPem());
    // The gateway serving that key at PUBLIC_URL, and a Tesla (the simulator) registered nowhere.
    const served = await startTestStack({ registerApp: false, env: { TESLA_PUBLIC_KEY_FILE: keyFile } });
    try {
      const domain = new URL(served.gatewayUrl).hostname;
      await tellSimulatorPartnerDomain(served.simulator.url, domain, served.gatewayUrl); // Tesla's DNS for the domain
      const env = {
        PATH: process.env['PATH'],
        LOG_LEVEL: 'silent',
        TESLA_CLIENT_ID: SANDBOX_CLIENT_ID,
        TESLA_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
        PUBLIC_URL: served.gatewayUrl,
        TESLA_PUBLIC_KEY_FILE: keyFile,
        // Only to reach the simulator instead of Tesla's hosts:
        TESLA_AUTH_ISSUER: `${served.simulator.url}/oauth2/v3`,
        TESLA_TOKEN_URL: `${served.simulator.url}/oauth2/v3/token`,
        TESLA_FLEET_API_URL: `${served.simulator.url}/regions/na`,
      };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/organizations/admin-cli.ts', 'tesla:register'], { cwd: root, env });
      expect(stdout).toMatch(/configured\s+registered/);
      expect(stdout).toContain('done:');
      expect(((await (await fetch(`${served.simulator.url}/sim/partner-registration`)).json()) as Record<string, boolean>)['na']).toBe(true);
    } finally {
      await served.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('live configuration', () => {
  it('requires TESLA_CLIENT_SECRET and says why', () => {
    const live = { TESLA_CLIENT_ID: 'my-app', TOKEN_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') };
    expect(() => loadConfig(live)).toThrow(ConfigError);
    expect(() => loadConfig(live)).toThrow(/TESLA_CLIENT_SECRET/);
    expect(loadConfig({ ...live, TESLA_CLIENT_SECRET: 's' }).tesla.clientSecret).toBe('s');
  });
});
