import { z } from 'zod';
import { REGIONS, regionBaseUrl } from '../regions.js';
import type { Handler, HttpContext } from './context.js';
import { json, type Reply } from './replies.js';
import type { Router } from './router.js';

/**
 * Test controls for what an owner or Tesla would change outside the API: consents (edit, revoke),
 * an account's region, and the app's partner registration per region. Plain JSON, no auth, like
 * the rest of `/sim/`. `clientId` defaults to the simulator's client.
 */

const revokeRequest = z.object({ clientId: z.string().min(1).optional() });
const consentRequest = z.object({ scopes: z.array(z.string()), clientId: z.string().min(1).optional() });
const regionRequest = z.object({ region: z.enum(REGIONS) });
const partnerDomainRequest = z.object({ domain: z.string().min(1), origin: z.url() });
const registrationRequest = z.object({ na: z.boolean().optional(), eu: z.boolean().optional(), cn: z.boolean().optional() });

async function parse<T>(ctx: HttpContext, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; reply: Reply }> {
  const result = schema.safeParse(await ctx.body());
  return result.success ? { ok: true, value: result.data } : { ok: false, reply: json(400, { error: z.prettifyError(result.error) }) };
}

const unknownAccount = (): Reply => json(404, { error: 'unknown account' });

const revokeConsent: Handler = async (ctx) => {
  const account = ctx.sandbox.world.account(ctx.params.name ?? '');
  if (!account) return unknownAccount();
  const parsed = await parse(ctx, revokeRequest);
  if (!parsed.ok) return parsed.reply;
  const clientId = parsed.value.clientId ?? ctx.sandbox.options.clientId;
  return json(200, { account: account.name, clientId, ...ctx.sandbox.tokens.revokeConsent(account.name, clientId) });
};

/** The owner edits the consent at Tesla: future refreshes carry these scopes. */
const editConsent: Handler = async (ctx) => {
  const { sandbox } = ctx;
  const account = sandbox.world.account(ctx.params.name ?? '');
  if (!account) return unknownAccount();
  const parsed = await parse(ctx, consentRequest);
  if (!parsed.ok) return parsed.reply;
  const clientId = parsed.value.clientId ?? sandbox.options.clientId;
  const consent = sandbox.consents.set(account.name, clientId, parsed.value.scopes, sandbox.now());
  return json(200, { account: account.name, clientId, scopes: consent.scopes });
};

const showConsent: Handler = (ctx) => {
  const { sandbox } = ctx;
  const account = sandbox.world.account(ctx.params.name ?? '');
  if (!account) return unknownAccount();
  const clientId = ctx.url.searchParams.get('clientId') ?? sandbox.options.clientId;
  const consent = sandbox.consents.get(account.name, clientId);
  return consent ? json(200, { account: account.name, clientId, scopes: consent.scopes }) : json(404, { error: 'no consent' });
};

/** Tesla moved the account (e.g. the owner relocated); its tokens stay valid. */
const moveAccount: Handler = async (ctx) => {
  const account = ctx.sandbox.world.account(ctx.params.name ?? '');
  if (!account) return unknownAccount();
  const parsed = await parse(ctx, regionRequest);
  if (!parsed.ok) return parsed.reply;
  account.region = parsed.value.region;
  return json(200, { account: account.name, region: account.region, fleetApiBaseUrl: regionBaseUrl(ctx.sandbox.url, account.region) });
};

export function addAccountAdminRoutes(router: Router<Handler>): void {
  router
    .add('POST', '/sim/accounts/:name/revoke-consent', revokeConsent)
    .add('POST', '/sim/accounts/:name/consent', editConsent)
    .add('GET', '/sim/accounts/:name/consent', showConsent)
    .add('POST', '/sim/accounts/:name/region', moveAccount)
    .add('GET', '/sim/partner-registration', (ctx) => json(200, ctx.sandbox.partnerRegistration.snapshot()))
    .add('POST', '/sim/partner-registration', async (ctx) => {
      const parsed = await parse(ctx, registrationRequest);
      if (!parsed.ok) return parsed.reply;
      const changes = Object.fromEntries(Object.entries(parsed.value).filter(([, v]) => v !== undefined));
      return json(200, ctx.sandbox.partnerRegistration.update(changes));
    })
    // Where the simulator fetches a domain's well-known public key (Tesla: https://<domain>); the
    // sandbox gateway tells it once it listens, before registering.
    .add('POST', '/sim/partner-domains', async (ctx) => {
      const parsed = await parse(ctx, partnerDomainRequest);
      if (!parsed.ok) return parsed.reply;
      ctx.sandbox.partnerRegistration.setOrigin(parsed.value.domain.toLowerCase(), parsed.value.origin);
      return json(200, { domain: parsed.value.domain.toLowerCase(), origin: ctx.sandbox.partnerRegistration.originOf(parsed.value.domain.toLowerCase()) });
    })
    .add('GET', '/sim/partner-accounts', (ctx) =>
      json(200, Object.fromEntries(REGIONS.map((region) => [region, ctx.sandbox.partnerRegistration.account(region) ?? null]))),
    );
}
