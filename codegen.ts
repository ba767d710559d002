import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed client documents for the operations in schema/operations (the ones the tests and the
 * README use), generated from the checked-in SDL. `npm run typecheck` regenerates and compiles them.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/**/*.graphql'],
  // NodeNext needs explicit extensions in the generated imports.
  importExtension: '.js',
  ignoreNoDocuments: false,
  generates: {
    'schema/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
  },
};

export default config;
