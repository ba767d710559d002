import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import type { ProgramKind, ProgramRow, ProgramTransport, SiteRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { KeysetPage } from '../graphql/pagination.js';
import type { SiteService } from '../sites/site-service.js';
import { DEFAULT_BASELINE, validateBaseline, type BaselineSpec } from './performance/baselines.js';
import type { PowerhubTransport } from './powerhub-transport.js';
import * as repo from './program-repository.js';

export const MAX_PROGRAM_NAME_LENGTH = 200;
export const MAX_ENROLL_SITES = 10_000;

export interface EnrollmentRefusal {
  site: SiteRow;
  code: 'NO_BATTERY' | 'MISSING_ENERGY_CMDS_SCOPE' | 'ACCOUNT_NEEDS_REAUTH' | 'NOT_LINKED_TO_POWERHUB';
  message: string;
}

/** Fills in a partial baseline from the defaults and refuses a bad one (BAD_USER_INPUT, `field` = its path). */
export function baselineFrom(input: Partial<BaselineSpec> | null | undefined, fallback: BaselineSpec, field: string): BaselineSpec {
  const spec: BaselineSpec = { ...fallback, ...Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== null && v !== undefined)) };
  const [problem] = validateBaseline(spec);
  if (problem) throw GatewayError.badUserInput(`${field}.${problem.field}`, problem.message);
  return spec;
}

/**
 * Programs and enrollment. Enrollment refuses only what no event could work around (no battery,
 * no energy_cmds, an account Tesla no longer accepts, a POWERHUB program's site not linked to
 * Powerhub), each with its remedy; grid-interaction blockers depend on an event's mode and are
 * checked per event.
 */
export class ProgramService {
  constructor(
    private readonly db: Db,
    private readonly sites: SiteService,
    private readonly connections: ConnectionService,
    private readonly powerhub: PowerhubTransport,
  ) {}

  async create(organizationId: string, input: { name: string; kind: ProgramKind; transport: ProgramTransport; baseline?: Partial<BaselineSpec> | null }): Promise<ProgramRow> {
    const name = input.name.trim();
    if (!name) throw GatewayError.badUserInput('input.name', 'name is empty');
    if (name.length > MAX_PROGRAM_NAME_LENGTH) throw GatewayError.badUserInput('input.name', `name is longer than ${MAX_PROGRAM_NAME_LENGTH} characters`);
    const baseline = baselineFrom(input.baseline, DEFAULT_BASELINE, 'input.baseline');
    return repo.insertProgram(this.db, { organization_id: organizationId, name, kind: input.kind, transport: input.transport, baseline: JSON.stringify(baseline) });
  }

  programsByIds(organizationId: string, ids: readonly string[]): Promise<ProgramRow[]> {
    return repo.findProgramsByIds(this.db, organizationId, ids);
  }

  async find(organizationId: string, programId: string): Promise<ProgramRow> {
    const [program] = await repo.findProgramsByIds(this.db, organizationId, [programId]);
    if (!program) throw GatewayError.notFound('program');
    return program;
  }

  list(organizationId: string, page: KeysetPage) {
    return repo.listPrograms(this.db, organizationId, page);
  }

  count(organizationId: string) {
    return repo.countPrograms(this.db, organizationId);
  }

  enrollments(programId: string) {
    return repo.enrollments(this.db, programId);
  }

  enrollmentsPage(programId: string, page: KeysetPage) {
    return repo.enrollmentsPage(this.db, programId, page);
  }

  countEnrollments(programId: string) {
    return repo.countEnrollments(this.db, programId);
  }

  async enroll(organizationId: string, programId: string, siteIds: readonly string[]): Promise<{ program: ProgramRow; enrolled: SiteRow[]; rejected: EnrollmentRefusal[] }> {
    const program = await this.find(organizationId, programId);
    const sites = await this.sitesOf(organizationId, siteIds);
    const connections = new Map((await this.connections.connectionsByIds(organizationId, [...new Set(sites.map((s) => s.connection_id))])).map((c) => [c.id, c]));
    const linked = program.transport === 'POWERHUB' ? await this.powerhub.linkedSites(organizationId, sites.map((s) => s.id)) : new Map<string, string>();
    const enrolled: SiteRow[] = [];
    const rejected: EnrollmentRefusal[] = [];
    for (const site of sites) {
      const connection = connections.get(site.connection_id);
      if (!site.has_battery) rejected.push({ site, code: 'NO_BATTERY', message: 'the site has no battery: there is nothing to dispatch' });
      else if (!connection || connection.status !== 'ACTIVE')
        rejected.push({ site, code: 'ACCOUNT_NEEDS_REAUTH', message: 'Tesla no longer accepts this account: the customer connects the Tesla account again (createConnectLink)' });
      else if (!connection.granted_scopes.includes('energy_cmds'))
        rejected.push({
          site,
          code: 'MISSING_ENERGY_CMDS_SCOPE',
          message: 'the account may not command energy devices (energy_cmds): the customer updates the access granted at Tesla to include energy_cmds and connects again',
        });
      else if (program.transport === 'POWERHUB' && !linked.has(site.id))
        rejected.push({ site, code: 'NOT_LINKED_TO_POWERHUB', message: "the site is not in the organization's Powerhub: add it in Powerhub, then connectPowerhub again to relink" });
      else enrolled.push(site);
    }
    await repo.enroll(this.db, program.id, enrolled.map((s) => s.id));
    return { program, enrolled, rejected };
  }

  async unenroll(organizationId: string, programId: string, siteIds: readonly string[]): Promise<{ program: ProgramRow; enrolled: SiteRow[]; rejected: EnrollmentRefusal[] }> {
    const program = await this.find(organizationId, programId);
    const sites = await this.sitesOf(organizationId, siteIds);
    await repo.unenroll(this.db, program.id, sites.map((s) => s.id));
    return { program, enrolled: [], rejected: [] };
  }

  private async sitesOf(organizationId: string, siteIds: readonly string[]): Promise<SiteRow[]> {
    const unique = [...new Set(siteIds)];
    if (!unique.length) throw GatewayError.badUserInput('input.siteIds', 'siteIds is empty');
    if (unique.length > MAX_ENROLL_SITES) throw GatewayError.badUserInput('input.siteIds', `at most ${MAX_ENROLL_SITES} sites at once`);
    const sites = await this.sites.sitesByIds(organizationId, unique);
    if (sites.length !== unique.length) throw GatewayError.notFound('site');
    return sites;
  }
}
