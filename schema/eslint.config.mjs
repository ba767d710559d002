// graphql-eslint's schema rules (recommended + relay) on the checked-in schema: `npm run lint:schema`,
// run by `npm test` (test/graphql/schema-lint.test.ts). Lives under schema/ because the top level is fixed.
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

export default [
  {
    files: ['schema/**/*.graphql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: 'schema/schema.graphql' } } },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      // Stricter than recommended: every type, field, argument and enum value says what it is (issue 11 item 12).
      '@graphql-eslint/require-description': [
        'error',
        { types: true, rootField: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true, DirectiveDefinition: true },
      ],
      // Every entity has `id: ID!` (a global ID; Node types are refetched by node(id)); the exceptions are
      // types with no identity of their own. No fake ids.
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          acceptedIdNames: ['id'],
          acceptedIdTypes: ['ID'],
          exceptions: {
            suffixes: [
              // Mutation results: a one-off wrapper around the entities it returns, which carry the ids.
              'Payload',
              // Pagination wrappers: a page and its edges exist only for one request; the node carries the id.
              'Connection',
              'Edge',
              // Subscription messages: one delivery each; the entity inside (`site { id }`) carries the id.
              'TelemetryEvent',
              // A command's typed parameters (Command.parameters): part of the command, identified by it.
              'Parameters',
            ],
            types: [
              // Relay's cursor block, a page's metadata.
              'PageInfo',
              // Facets of one node, read through it and identified by it (Site.liveStatus, Vehicle.chargeState, Program.capacity…).
              'Baseline',
              'ChargeState',
              'DispatchProgress',
              'GridReadiness',
              'ProgramCapacity',
              'ProgramEventPerformance',
              'SiteComponents',
              'SiteLiveStatus',
              'SitePowerhubLink',
              'SiteSettings',
              'TeslaAccountCapabilities',
              // Items of a computed, bounded list, identified by their parent and position (buckets, intervals, blockers, refusals).
              'DispatchBlocker',
              'EnrollmentRefusal',
              'EventSiteConflict',
              'PerformanceDataQuality',
              'PerformanceInterval',
              'ReadinessBlocker',
              'SiteHistoryPoint',
              'SitePerformance',
              'StateOfChargeBucket',
            ],
          },
        },
      ],
      // Plain lists are bounded and returned whole (scopes, blockers, buckets, history points ≤ 10 000, a
      // mutation's results, a program event's sites ≤ 10 000); every open-ended list is a connection.
      '@graphql-eslint/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false }],
    },
  },
];
