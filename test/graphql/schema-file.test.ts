import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, print, visit } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_FILE, printedSchema } from '../../src/graphql/print-schema.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function check(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/graphql/print-schema.ts', '--check', '--file', file], { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('schema/schema.graphql', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'schema-check-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is what the code builds', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(printedSchema());
  });

  it('schema:check passes on the checked-in file', async () => {
    const copy = path.join(dir, 'current.graphql');
    await copyFile(SCHEMA_FILE, copy);
    const result = await check(copy);
    expect(result.code).toBe(0);
  });

  it('schema:check fails on a stale file and says how to fix it', async () => {
    const stale = path.join(dir, 'stale.graphql');
    const current = await readFile(SCHEMA_FILE, 'utf8');
    await writeFile(stale, current.replace('energySiteId: String!', 'energySiteId: Int!'));
    const result = await check(stale);
    expect(result.code).toBe(1);
    expect(result.output).toContain('is stale');
    expect(result.output).toContain('npm run schema:print');
  });

  it('has the contract names of DESIGN §5, including streaming and history', () => {
    // Signatures without descriptions: an argument's description puts the field's arguments on separate lines.
    const sdl = print(visit(parse(printedSchema()), { enter: (node) => ('description' in node && node.description ? { ...node, description: undefined } : undefined) }));
    expect(sdl).toContain('interface Node');
    expect(sdl).toMatch(/type Site implements Node/);
    expect(sdl).toContain('history(end: DateTime!, interval: HistoryInterval! = FIVE_MINUTES, start: DateTime!): [SiteHistoryPoint!]!');
    for (const field of ['siteTelemetry(siteIds: [ID!]!): SiteTelemetryEvent!', 'fleetTelemetry(filter: SiteFilter): FleetTelemetryEvent!', 'commandUpdated(', 'teslaAccountStatusChanged']) {
      expect(sdl).toContain(field);
    }
  });
});
