import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Command } from 'commander';
import {
  formatDbml,
  loadDbmlModules,
  renderDiagnosticList,
  type Diagnostic,
} from '@dbgen/generator';
import { CliError } from '../errors.js';
import type { CommandContext } from '../command-context.js';
import { assertSchemaFile, schemaPath } from '../schema-input.js';

interface FormatOptions {
  readonly check?: boolean;
}

/** Syntax problems (the parser's codes, below the module loader's DBML150). */
function isSyntaxError(d: Diagnostic): boolean {
  return d.severity === 'error' && /^DBML1[0-4]\d$/.test(d.code);
}

/**
 * `dbgen format [schema] [--check]`: rewrites the schema, and every file it imports, in
 * canonical DBML. With --check nothing is written: the files that would change are named
 * and the exit code is 1. A file with syntax errors is never rewritten: its diagnostics
 * are printed and the exit code is 1.
 */
export function register(program: Command, context: CommandContext): void {
  program
    .command('format')
    .description('rewrite a DBML schema (and the files it imports) in canonical form')
    .argument('[schema]', 'the schema file (default: from dbgen.config.json or package.json)')
    .option('--check', 'write nothing; list the files that would change and exit 1 if any')
    .action((schemaArg: string | undefined, options: FormatOptions) => {
      const entry = schemaPath(schemaArg, context);
      assertSchemaFile(entry);
      const loaded = loadDbmlModules(entry);
      if (loaded.modules.length === 0) throw new CliError(`schema file not found: ${entry}`);
      const show = (path: string): string => relative(context.cwd, path) || path;

      const syntaxErrors = loaded.diagnostics.filter(isSyntaxError);
      if (syntaxErrors.length > 0) {
        const sources = new Map(loaded.modules.map((m) => [m.path, m.source]));
        for (const block of renderDiagnosticList(syntaxErrors, sources, {
          color: context.output.color,
          fileName: show,
        })) {
          context.output.error(block);
        }
        context.output.error(
          `format: ${syntaxErrors.length} syntax error${syntaxErrors.length === 1 ? '' : 's'}; nothing was written`,
        );
        context.setExitCode(1);
        return;
      }

      const changed: string[] = [];
      for (const module of loaded.modules) {
        const formatted = formatDbml(module.file, module.source);
        if (formatted === module.source) continue;
        changed.push(module.path);
        if (options.check !== true) writeFileSync(module.path, formatted);
      }
      const total = loaded.modules.length;
      if (options.check === true) {
        for (const path of changed) context.output.info(`would reformat ${show(path)}`);
        if (changed.length > 0) {
          context.output.info(
            `${changed.length} of ${total} file${total === 1 ? '' : 's'} would be reformatted`,
          );
          context.setExitCode(1);
        } else {
          context.output.info(`${total} file${total === 1 ? '' : 's'} already formatted`);
        }
        return;
      }
      for (const path of changed) context.output.info(`formatted ${show(path)}`);
      if (changed.length === 0) {
        context.output.info(`${total} file${total === 1 ? '' : 's'} already formatted`);
      }
    });
}
