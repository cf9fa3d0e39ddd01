import { resolve } from 'node:path';
import type { Command } from 'commander';
import { renderDiagnosticList, type Diagnostic } from '@dbgen/generator';
import { checkSchema } from '../check-diagnostics.js';
import { CliError } from '../errors.js';
import { loadConfig } from '../config.js';
import { colors } from '../output.js';
import type { CommandContext } from '../command-context.js';
import { assertSchemaFile } from '../schema-input.js';

interface CheckOptions {
  readonly strict?: boolean;
  readonly json?: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `dbgen check [schema] [--strict] [--json]`: parses and validates a schema, prints the
 * first 50 diagnostics and counts the rest (or, with --json, all of them as data), and exits 1 on errors (or on
 * warnings with --strict).
 */
export function register(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description('parse and validate a DBML schema; print every problem found')
    .argument('[schema]', 'the schema file (default: from dbgen.config.json or package.json)')
    .option('--strict', 'fail on warnings too')
    .option('--json', 'print the diagnostics as a JSON array')
    .action((schemaArg: string | undefined, options: CheckOptions) => {
      const config = loadConfig(schemaArg === undefined ? {} : { schema: schemaArg }, context.cwd);
      const path = resolve(context.cwd, config.schema);
      try {
        assertSchemaFile(path);
      } catch (error) {
        // --json promises data on stdout: a missing file is one diagnostic, not text.
        if (options.json !== true || !(error instanceof CliError)) throw error;
        const missing: Diagnostic = { code: 'DBML150', severity: 'error', message: error.message };
        context.output.info(JSON.stringify([missing], null, 2));
        context.setExitCode(1);
        return;
      }
      const { result, diagnostics } = checkSchema(path);
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = diagnostics.length - errors;
      if (options.json === true) {
        context.output.info(JSON.stringify(diagnostics, null, 2));
      } else {
        // The first diagnostics, then a count of the rest (the summary has the totals).
        for (const block of renderDiagnosticList(diagnostics, result.sources, {
          color: context.output.color,
        })) {
          context.output.error(block);
        }
        const summary =
          errors === 0 && warnings === 0
            ? `${config.schema}: ok (${plural(result.ir?.tables.length ?? 0, 'table')}, ${plural(result.ir?.enums.length ?? 0, 'enum')}, ${plural(result.ir?.refs.length ?? 0, 'ref')})`
            : `${config.schema}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
        const paint = errors > 0 ? colors.red : warnings > 0 ? colors.yellow : colors.green;
        context.output.info(context.output.color ? paint(summary) : summary);
      }
      if (errors > 0 || (options.strict === true && warnings > 0)) context.setExitCode(1);
    });
}
