/**
 * The schema: DBML in, the schema IR out (what `dbgen generate`, `dbgen sql` and the
 * migrations read). Compiling never throws: every problem is a diagnostic with a place,
 * and one run reports them all.
 *
 *   npx tsx examples/schema.ts
 */
import { compileSchema, compileSchemaSource, renderDiagnostic } from '@dbgen/generator';
import { runIfMain, schemaFile, type ExampleContext } from './setup.js';

export async function schema({ step, show, say }: ExampleContext): Promise<void> {
  step('Schema: compile schema.example.dbml into the IR');
  // #region schema-compile
  const { ir, diagnostics } = compileSchema(schemaFile);
  if (!ir) throw new Error(`${diagnostics.length} problems in the schema`);
  const tables = ir.tables.map((table) => ({
    table: table.name,
    class: table.orm.className,
    relations: table.orm.relations.map((r) => r.name).join(', '),
  }));
  // #endregion
  show('tables, their model classes and relations', tables);
  say(
    `enums: ${ir.enums.map((e) => `${e.name} (${e.values.map((v) => v.name).join(', ')})`).join('; ')}`,
  );

  step('Schema: every problem, with where it is');
  // #region schema-errors
  const source = [
    'Table users {',
    '  id integer [pk]',
    '  email varchar [not null, unique]',
    '}',
    '',
    'Table posts {',
    '  id integer [pk]',
    '  author_id integer [ref: > user.id]',
    '  title varchar [not null]',
    '  title text',
    '}',
  ].join('\n');
  const result = compileSchemaSource(source, 'broken.dbml'); // also: `dbgen check broken.dbml`
  say(`ir: ${String(result.ir)}, ${result.diagnostics.length} problems`);
  for (const d of result.diagnostics) say(renderDiagnostic(d, source));
  // #endregion
}

await runIfMain(import.meta.url, schema, { createTables: false });
