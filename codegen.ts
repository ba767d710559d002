import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed client documents for the operations in schema/operations (the ones the tests and the
 * README use), generated from the checked-in SDL. `npm run typecheck` regenerates and compiles them.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  // NodeNext needs explicit extensions in the generated imports.
  importExtension: '.js',
  ignoreNoDocuments: false,
  generates: {
    'schema/generated/': {
      documents: ['schema/operations/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
    // The control room's own documents (src/control-room), as strings: the browser sends them as is,
    // so its bundle carries no GraphQL printer.
    'src/control-room/web/generated/': {
      documents: ['src/control-room/web/operations/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, documentMode: 'string', scalars: { DateTime: 'string' } },
    },
  },
};

export default config;
