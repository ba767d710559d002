import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './schema.js';

/** The checked-in SDL; `--check` fails (exit 1) when it differs from what the code builds. */
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));

export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

async function main(): Promise<void> {
  const printed = printedSchema();
  const fileFlag = process.argv.indexOf('--file');
  const file = fileFlag > 0 && process.argv[fileFlag + 1] ? process.argv[fileFlag + 1]! : SCHEMA_FILE;
  if (process.argv.includes('--check')) {
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current !== printed) {
      console.error(`${file} is stale: it differs from the schema the code builds. Run \`npm run schema:print\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${file} is up to date.`);
    return;
  }
  await writeFile(file, printed);
  console.log(`wrote ${file}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
