/**
 * What `dbgen check` reports for a schema: the compiler's diagnostics plus the CLI's own
 * warnings. Shared by `dbgen check` and `dbgen lsp`, so an editor shows exactly what the
 * command prints (same codes, severities and spans).
 */
import {
  compileSchema,
  type CompileOptions,
  type CompileResult,
  type Diagnostic,
} from '@dbgen/generator';

/**
 * A schema that declares nothing compiles, but is almost always a mistake (the wrong
 * file, everything commented out): say so rather than "ok (0 tables)".
 */
function emptySchema(ir: CompileResult['ir']): Diagnostic[] {
  if (!ir || ir.tables.length > 0 || ir.enums.length > 0) return [];
  return [
    {
      code: 'DBML300',
      severity: 'warning',
      message: 'the schema declares no tables and no enums: nothing would be generated',
    },
  ];
}

export interface CheckedSchema {
  readonly result: CompileResult;
  /** Every problem `dbgen check` reports, in its order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Compiles the schema at `path` (an absolute path) and collects what `dbgen check` reports. */
export function checkSchema(path: string, options: CompileOptions = {}): CheckedSchema {
  const result = compileSchema(path, options);
  return { result, diagnostics: [...result.diagnostics, ...emptySchema(result.ir)] };
}
