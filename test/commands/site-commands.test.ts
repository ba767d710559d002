import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelCommandDocument,
  CommandsListDocument,
  SetBackupReserveDocument,
  SetGridImportExportDocument,
  SetOperationModeDocument,
  SetStormModeDocument,
  SiteByIdDocument,
} from '../../schema/generated/graphql.js';
import { missingGlobalId } from '../helpers/fixtures.js';
import { settledCommand } from '../helpers/settled-command.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

type Org = Awaited<ReturnType<TestStack['demoOrganization']>>;
interface SimSite {
  energySiteId: string;
  firmwareClampsReserve?: boolean;
  hasBattery?: boolean;
  permissions?: { editSettingPermissionToExport?: boolean; editSettingGridCharging?: boolean };
  settings: Record<string, unknown>;
  [key: string]: unknown;
}

const settled = (stack: TestStack, org: Org, id: string, timeoutMs?: number) => settledCommand(stack, org.apiKey, id, timeoutMs);

describe('energy site commands', () => {
  let stack: TestStack;
  let org: Org;
  let sites: { id: string; energySiteId: string; sim: SimSite }[];

  beforeAll(async () => {
    stack = await startTestStack({ env: { COMMAND_POLL_INTERVAL_S: '0.5' } });
    org = await stack.demoOrganization();
    const result = await stack.execute(`query { sites(first: 100) { edges { node { id energySiteId components { battery } } } } }`, {}, org.apiKey);
    const edges = (result.data as { sites: { edges: { node: { id: string; energySiteId: string; components: { battery: boolean } } }[] } }).sites.edges;
    sites = await Promise.all(edges.map(async (e) => ({ id: e.node.id, energySiteId: e.node.energySiteId, sim: (await stack.sim.site(e.node.energySiteId)) as SimSite })));
  });
  afterAll(() => stack?.close());

  const batterySite = (predicate: (s: SimSite) => boolean = () => true) => {
    const site = sites.find((s) => s.sim.hasBattery === true && predicate(s.sim));
    if (!site) throw new Error('no such site in the demo fleet');
    return site;
  };

  it('stores, sends and verifies a backup reserve change by reading the site back', async () => {
    const site = batterySite((s) => !s.firmwareClampsReserve);
    await stack.sim.resetCounters();
    const result = await stack.execute(SetBackupReserveDocument, { input: { siteId: site.id, backupReservePercent: 42 } }, org.apiKey);
    expect(result.errors).toBeUndefined();
    const created = result.data!.setBackupReserve.command;
    expect(['QUEUED', 'SENT', 'SUCCEEDED']).toContain(created.status);
    expect(created.kind).toBe('SET_BACKUP_RESERVE');
    expect(created.target).toMatchObject({ __typename: 'Site', id: site.id });
    const done = await settled(stack, org, created.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', reason: null, attempts: 1 });
    // What was asked, typed (issue 11 item 11), not JSON in a string.
    expect(done.parameters).toEqual({ __typename: 'BackupReserveParameters', backupReservePercent: 42 });
    const after = await stack.execute(SiteByIdDocument, { id: site.id }, org.apiKey);
    expect(after.data!.site!.settings!.backupReservePercent).toBe(42);
    const counters = await stack.sim.counters();
    expect(counters.byEndpointAndDevice[`backup:${site.energySiteId}`]).toBe(1);
  });

  it('reports FAILED when the firmware clamps the reserve, saying what Tesla stored', async () => {
    const site = batterySite((s) => s.firmwareClampsReserve === true);
    const result = await stack.execute(SetBackupReserveDocument, { input: { siteId: site.id, backupReservePercent: 90 } }, org.apiKey);
    const done = await settled(stack, org, result.data!.setBackupReserve.command.id);
    expect(done.status).toBe('FAILED');
    expect(done.reason).toContain('80 %');
    expect(done.reason).toContain('clamps');
  });

  it('changes operation mode, storm mode, and grid import/export', async () => {
    const site = batterySite((s) => s.permissions?.editSettingPermissionToExport !== false && s.permissions?.editSettingGridCharging !== false && !s.firmwareClampsReserve);
    const mode = await stack.execute(SetOperationModeDocument, { input: { siteId: site.id, mode: 'TIME_BASED_CONTROL' } }, org.apiKey);
    expect((await settled(stack, org, mode.data!.setOperationMode.command.id)).status).toBe('SUCCEEDED');
    const storm = await stack.execute(SetStormModeDocument, { input: { siteId: site.id, enabled: false } }, org.apiKey);
    expect((await settled(stack, org, storm.data!.setStormMode.command.id)).status).toBe('SUCCEEDED');
    const grid = await stack.execute(SetGridImportExportDocument, { input: { siteId: site.id, exportRule: 'BATTERY_OK', gridChargingAllowed: true } }, org.apiKey);
    const gridDone = await settled(stack, org, grid.data!.setGridImportExport.command.id);
    expect(gridDone.status).toBe('SUCCEEDED');
    expect(gridDone.parameters).toEqual({ __typename: 'GridImportExportParameters', exportRule: 'BATTERY_OK', gridChargingAllowed: true });
    expect((await settled(stack, org, mode.data!.setOperationMode.command.id)).parameters).toEqual({ __typename: 'OperationModeParameters', operationMode: 'TIME_BASED_CONTROL' });
    const after = await stack.execute(SiteByIdDocument, { id: site.id }, org.apiKey);
    expect(after.data!.site!.settings).toMatchObject({ operationMode: 'TIME_BASED_CONTROL', stormModeEnabled: false, exportRule: 'BATTERY_OK', gridChargingAllowed: true });
  });

  it("ends FAILED with Tesla's words when the site may not change its export rule", async () => {
    const site = batterySite((s) => s.permissions?.editSettingPermissionToExport === false);
    const result = await stack.execute(SetGridImportExportDocument, { input: { siteId: site.id, exportRule: 'BATTERY_OK' } }, org.apiKey);
    const done = await settled(stack, org, result.data!.setGridImportExport.command.id);
    expect(done.status).toBe('FAILED');
    expect(done.reason).toContain('not permitted');
  });

  it('replays an idempotency key without sending again, and refuses it for other input', async () => {
    const site = batterySite((s) => !s.firmwareClampsReserve);
    await stack.sim.resetCounters();
    const input = { siteId: site.id, backupReservePercent: 33, idempotencyKey: 'ops-ticket-1234' };
    const first = await stack.execute(SetBackupReserveDocument, { input }, org.apiKey);
    await settled(stack, org, first.data!.setBackupReserve.command.id);
    const replay = await stack.execute(SetBackupReserveDocument, { input }, org.apiKey);
    expect(replay.data!.setBackupReserve.command.id).toBe(first.data!.setBackupReserve.command.id);
    expect(replay.data!.setBackupReserve.command.status).toBe('SUCCEEDED');
    const other = await stack.execute(SetBackupReserveDocument, { input: { ...input, backupReservePercent: 34 } }, org.apiKey);
    expect(other.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await stack.sim.counters()).byEndpointAndDevice[`backup:${site.energySiteId}`]).toBe(1);
  });

  it('retries a transient Tesla failure and succeeds', async () => {
    const site = batterySite((s) => !s.firmwareClampsReserve);
    await stack.sim.addFault({ endpoint: 'backup', deviceId: site.energySiteId, status: 503, count: 3 });
    const result = await stack.execute(SetBackupReserveDocument, { input: { siteId: site.id, backupReservePercent: 55 } }, org.apiKey);
    const done = await settled(stack, org, result.data!.setBackupReserve.command.id, 30_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.attempts).toBe(2); // 3 faults: the client's own 2 retries use up the first attempt
    await stack.sim.clearFaults();
  });

  it('rejects bad input with BAD_USER_INPUT or NOT_FOUND, writing and sending nothing', async () => {
    const site = batterySite();
    const before = (await stack.execute(CommandsListDocument, { first: 1 }, org.apiKey)).data!.commands.totalCount;
    await stack.sim.resetCounters();
    const tooHigh = await stack.execute(SetBackupReserveDocument, { input: { siteId: site.id, backupReservePercent: 101 } }, org.apiKey);
    expect(tooHigh.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.backupReservePercent' });
    const malformed = await stack.execute(SetBackupReserveDocument, { input: { siteId: 'nonsense', backupReservePercent: 50 } }, org.apiKey);
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.siteId' });
    const missing = await stack.execute(SetBackupReserveDocument, { input: { siteId: missingGlobalId('Site'), backupReservePercent: 50 } }, org.apiKey);
    expect(missing.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    const other = await stack.createOrganization();
    const foreign = await stack.execute(SetBackupReserveDocument, { input: { siteId: site.id, backupReservePercent: 50 } }, other.apiKey);
    expect(foreign.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    const noBattery = sites.find((s) => s.sim.hasBattery === false)!;
    const noBatteryResult = await stack.execute(SetBackupReserveDocument, { input: { siteId: noBattery.id, backupReservePercent: 50 } }, org.apiKey);
    expect(noBatteryResult.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.siteId' });
    const nothing = await stack.execute(SetGridImportExportDocument, { input: { siteId: site.id } }, org.apiKey);
    expect(nothing.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await stack.execute(CommandsListDocument, { first: 1 }, org.apiKey)).data!.commands.totalCount).toBe(before);
    expect((await stack.sim.counters()).total).toBe(0);
  });

  it('refuses at once, storing nothing, when the connection lacks energy_cmds', async () => {
    const limited = await stack.createOrganization();
    await stack.connectAccount(limited.organizationId, 'demo', ['openid', 'offline_access', 'energy_device_data']);
    const site = await stack.firstBatterySite(limited.apiKey);
    const result = await stack.execute(SetBackupReserveDocument, { input: { siteId: site.id, backupReservePercent: 50 } }, limited.apiKey);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'INSUFFICIENT_SCOPES', missingScopes: ['energy_cmds'] });
    expect((await stack.execute(CommandsListDocument, { first: 1 }, limited.apiKey)).data!.commands.totalCount).toBe(0);
  });

  it('lists commands by status, kind and target; a settled command cannot be cancelled', async () => {
    const site = batterySite((s) => !s.firmwareClampsReserve);
    const list = await stack.execute(CommandsListDocument, { first: 25, filter: { kinds: ['SET_BACKUP_RESERVE'], statuses: ['SUCCEEDED'], targetId: site.id } }, org.apiKey);
    expect(list.data!.commands.totalCount).toBeGreaterThan(0);
    for (const edge of list.data!.commands.edges) expect(edge.node).toMatchObject({ kind: 'SET_BACKUP_RESERVE', status: 'SUCCEEDED', target: { id: site.id } });
    const cancel = await stack.execute(CancelCommandDocument, { input: { commandId: list.data!.commands.edges[0]!.node.id } }, org.apiKey);
    expect(cancel.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.commandId' });
  });

  it('lets read_only keys look but not command', async () => {
    const { apiKey } = await stack.gateway.services.organizations.createApiKey(org.organizationId, { role: 'read_only' });
    const result = await stack.execute(SetBackupReserveDocument, { input: { siteId: batterySite().id, backupReservePercent: 50 } }, apiKey);
    expect(result.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    expect((await stack.execute(CommandsListDocument, { first: 1 }, apiKey)).errors).toBeUndefined();
  });
});

describe('cancelling before the send (an API-only instance: no worker picks the command up)', () => {
  let stack: TestStack;
  let org: Org;

  beforeAll(async () => {
    stack = await startTestStack({ env: { ROLES: 'api' } });
    org = await stack.demoOrganization();
  });
  afterAll(() => stack?.close());

  it('cancels a queued command, and it is never sent', async () => {
    const site = await stack.firstBatterySite(org.apiKey);
    const created = await stack.execute(SetStormModeDocument, { input: { siteId: site.id, enabled: true } }, org.apiKey);
    expect(created.data!.setStormMode.command.status).toBe('QUEUED');
    const cancelled = await stack.execute(CancelCommandDocument, { input: { commandId: created.data!.setStormMode.command.id } }, org.apiKey);
    expect(cancelled.data!.cancelCommand.command).toMatchObject({ status: 'CANCELLED', reason: 'cancelled by the caller', attempts: 0 });
    expect(cancelled.data!.cancelCommand.command.completedAt).not.toBeNull();
  });
});
