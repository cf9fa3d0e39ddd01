/**
 * From IR to the files of a typed client (pure: no file system). See docs/generate.md.
 */
import type { SchemaIR } from '@dbgen/runtime';
import { emitEnumsDeclarations, emitEnumsImplementation } from './enums-file.js';
import { FormatCache } from './format.js';
import { emitIndexFile } from './index-file.js';
import { needsPrettier } from './layout.js';
import { planClient, type ClientPlan, type TablePlan } from './plan.js';
import { emitTableDeclarations } from './table-dts.js';
import { emitTableImplementation } from './table-js.js';
import { tableShape } from './table-shape.js';

export interface EmitOptions {
  /** The schema path written in each file's header; give it relative, so output is portable. */
  readonly schemaPath: string;
  /**
   * When to run prettier. `'when-needed'` (default): the emitter already lays code out as
   * prettier does, so only files with a line it cannot lay out (over the width) go through
   * prettier — same bytes, a fraction of the time. `'always'`: every file goes through it.
   */
  readonly prettier?: 'when-needed' | 'always';
}

/** A table's two files: its declarations (`.d.ts`) and its implementation (`.js`). */
function emitTable(tp: TablePlan, plan: ClientPlan, schemaPath: string): [string, string] {
  const shape = tableShape(tp, plan);
  return [emitTableDeclarations(shape, schemaPath), emitTableImplementation(shape, schemaPath)];
}

/** Emits the emitter's own layout: relative file path → text. */
export function emitSources(ir: SchemaIR, options: { schemaPath: string }): Map<string, string> {
  const plan = planClient(ir);
  const files = new Map<string, string>();
  for (const table of plan.tables) {
    const [dts, js] = emitTable(table, plan, options.schemaPath);
    files.set(`${table.file}.d.ts`, dts);
    files.set(`${table.file}.js`, js);
  }
  files.set('enums.d.ts', emitEnumsDeclarations(plan, options.schemaPath));
  files.set('enums.js', emitEnumsImplementation(plan, options.schemaPath));
  const index = emitIndexFile(plan, options.schemaPath);
  files.set('index.d.ts', index);
  files.set('index.js', index);
  return files;
}

/**
 * Everything a table's file depends on besides the table itself: its names, its relation
 * targets' names, its enums' names and the header. Source spans are left out (an edit
 * above a table moves them without changing its file).
 */
function tableKey(tp: TablePlan, plan: ClientPlan, header: string): string {
  const targets = tp.table.orm.relations.map((r) => {
    const t = plan.tablesByKey.get(r.target);
    return t ? [t.className, t.file, t.table.name] : null;
  });
  const enums = tp.table.columns.map((c) =>
    c.type.enum
      ? (plan.enums.get(`${c.type.enum.schema}.${c.type.enum.name}`)?.typeName ?? null)
      : null,
  );
  const names = [
    tp.file,
    tp.className,
    tp.tableVar,
    tp.rowName,
    tp.columnsName,
    tp.initName,
    tp.irVar,
  ];
  return JSON.stringify([header, names, targets, enums, tp.table], (key, value: unknown) =>
    key === 'span' ? undefined : value,
  );
}

/**
 * A client emitter that remembers each table's finished file by everything it depends on,
 * so re-emitting a schema after a small edit emits (and, if needed, formats) only the
 * tables whose file changes: watch mode.
 */
export class ClientEmitter {
  private readonly format = new FormatCache();
  private tables = new Map<string, readonly [string, string]>();

  async emit(ir: SchemaIR, options: EmitOptions): Promise<Map<string, string>> {
    const always = options.prettier === 'always';
    const finish = async (name: string, text: string): Promise<string> =>
      always || needsPrettier(text) ? await this.format.format(name, text) : text;
    const plan = planClient(ir);
    const previous = this.tables;
    const current = new Map<string, readonly [string, string]>();
    const header = `${options.schemaPath}\0${always ? 'always' : 'when-needed'}`;
    const tables = await Promise.all(
      plan.tables.map(async (tp) => {
        const key = tableKey(tp, plan, header);
        let texts = previous.get(key) ?? current.get(key);
        if (!texts) {
          const [dts, js] = emitTable(tp, plan, options.schemaPath);
          const dtsName = `${tp.file}.d.ts`;
          texts = await Promise.all([finish(dtsName, dts), finish(`${tp.file}.js`, js)]);
        }
        current.set(key, texts);
        return [
          [`${tp.file}.d.ts`, texts[0]],
          [`${tp.file}.js`, texts[1]],
        ] as const;
      }),
    );
    const index = emitIndexFile(plan, options.schemaPath);
    const rest = await Promise.all(
      [
        ['enums.d.ts', emitEnumsDeclarations(plan, options.schemaPath)],
        ['enums.js', emitEnumsImplementation(plan, options.schemaPath)],
        ['index.d.ts', index],
        ['index.js', index],
      ].map(async ([name = '', text = '']) => [name, await finish(name, text)] as const),
    );
    this.tables = current;
    this.format.sweep();
    return new Map([...tables.flat(), ...rest]);
  }
}

/**
 * The typed client for `ir`: relative path (`users.d.ts`, `users.js`, ..., `enums.*`,
 * `index.*`) → content,
 * formatted as prettier formats it. Deterministic: the same IR and options give
 * byte-identical files.
 */
export function emitClient(ir: SchemaIR, options: EmitOptions): Promise<Map<string, string>> {
  return new ClientEmitter().emit(ir, options);
}
