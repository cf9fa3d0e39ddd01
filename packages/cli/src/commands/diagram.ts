/**
 * `dbgen diagram [--schema FILE] [--out FILE.svg|FILE.html] [--format svg|html] [--watch]`:
 * the schema's ER diagram. Without `--out` the SVG is printed. A schema with errors prints
 * its diagnostics, exits 1 and writes nothing; `--watch` redraws on every save and keeps
 * the last good drawing through errors.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { compileSchema, renderDiagnosticList, renderDiagram } from '@dbgen/generator';
import type { DiagramFormat } from '@dbgen/generator';
import { CliError } from '../errors.js';
import type { CommandContext } from '../command-context.js';
import { assertSchemaFile, schemaPath } from '../schema-input.js';
import { watchSchema, type WatchStepResult } from './watch-schema.js';

interface DiagramFlags {
  schema?: string;
  out?: string;
  format?: string;
  watch?: boolean;
}

export function register(program: Command, context: CommandContext): void {
  program
    .command('diagram')
    .description('draw the schema as an ER diagram (SVG, or an HTML page with pan and zoom)')
    .option('--schema <file>', 'the DBML entry file (default: from config)')
    .option('--out <file>', 'write to this .svg or .html file (default: print the SVG)')
    .option('--format <format>', 'svg or html (default: from the --out extension)')
    .option('--watch', 'redraw on every save of the schema or a file it imports (needs --out)')
    .action(async (flags: DiagramFlags) => {
      const schema = schemaPath(flags.schema, context);
      const format = formatOf(flags);
      const out = flags.out === undefined ? null : resolve(context.cwd, flags.out);
      if (flags.watch && out === null) {
        throw new CliError('--watch needs --out: the file to redraw on every save', 2);
      }
      assertSchemaFile(schema);
      const step = () => drawOnce(schema, out, format, context);
      if (flags.watch) {
        await watchSchema(schema, step, context);
        return;
      }
      const result = await step();
      if (!result.ok) context.setExitCode(1);
    });
}

function formatOf(flags: DiagramFlags): DiagramFormat {
  if (flags.format !== undefined) {
    if (flags.format === 'svg' || flags.format === 'html') return flags.format;
    throw new CliError(`unknown diagram format "${flags.format}": use svg or html`, 2);
  }
  if (flags.out === undefined) return 'svg';
  const extension = extname(flags.out).toLowerCase();
  if (extension === '.svg') return 'svg';
  if (extension === '.html' || extension === '.htm') return 'html';
  throw new CliError(
    `cannot tell the diagram format from "${flags.out}": name a .svg or .html file, or pass --format svg|html`,
    2,
  );
}

/** Compiles the schema and draws it; reports the diagnostics instead when it has errors. */
async function drawOnce(
  schema: string,
  out: string | null,
  format: DiagramFormat,
  context: CommandContext,
): Promise<WatchStepResult> {
  const { output } = context;
  const started = performance.now();
  const compiled = compileSchema(schema);
  const shownAs = { color: output.color, fileName: (file: string) => relative(context.cwd, file) };
  if (!compiled.ir) {
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    for (const block of renderDiagnosticList(errors, compiled.sources, shownAs)) {
      output.error(block);
    }
    output.error(`${relative(context.cwd, schema)}: ${errors.length} error(s); no diagram drawn`);
    return { ok: false, files: compiled.files };
  }
  const drawing = await renderDiagram(compiled.ir, { format });
  if (out === null) {
    output.info(drawing.trimEnd());
    return { ok: true, files: compiled.files };
  }
  const shown = relative(context.cwd, out) || out;
  const milliseconds = Math.round(performance.now() - started);
  const tables = compiled.ir.tables.filter((t) => !t.synthesized).length;
  if (currentText(out, shown) === drawing) {
    output.info(`${shown}: up to date (${tables} tables) in ${milliseconds} ms`);
    return { ok: true, files: compiled.files };
  }
  // Written beside and renamed over: a browser reloading the page never sees half a file.
  const temporary = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, drawing);
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    // The message names the file the user gave, not the temporary one beside it.
    const reason = (error as Error).message.replaceAll(temporary, out);
    throw new CliError(`cannot write ${shown}: ${reason}`);
  }
  output.info(
    `${shown}: drew ${tables} tables and ${compiled.ir.refs.length} relations in ${milliseconds} ms`,
  );
  return { ok: true, files: compiled.files };
}

/** The text of the drawing already at `out` (null when there is none); a folder there is a user error. */
function currentText(out: string, shown: string): string | null {
  if (!existsSync(out)) return null;
  if (statSync(out).isDirectory())
    throw new CliError(`cannot write ${shown}: it is a folder; name a .svg or .html file`);
  return readFileSync(out, 'utf8');
}
