/**
 * The `import` lines of a generated file. Runtime names are aliased (`Model as $Model`) in
 * the rare file where a generated name (a class `Model` for a table `models`, say) would
 * otherwise clash with them.
 */
import { importStatement } from './layout.js';
import { compareNames, quote } from './names.js';

export class RuntimeImports {
  private readonly values = new Set<string>();
  private readonly types = new Set<string>();

  constructor(private readonly localNames: ReadonlySet<string>) {}

  /** The local name of runtime value `name`, recording that it is imported. */
  value(name: string): string {
    this.values.add(name);
    return this.local(name);
  }

  /** The local name of runtime type `name`, recording that it is imported. */
  type(name: string): string {
    this.types.add(name);
    return this.local(name);
  }

  private local(name: string): string {
    return this.localNames.has(name) ? `$${name}` : name;
  }

  render(): string {
    const spec = (name: string) => (this.localNames.has(name) ? `${name} as $${name}` : name);
    const parts = [
      ...[...this.values].sort(compareNames).map(spec),
      ...[...this.types]
        .filter((t) => !this.values.has(t))
        .sort(compareNames)
        .map((t) => `type ${spec(t)}`),
    ];
    return importStatement(parts, quote('@dbgen/runtime'));
  }
}

/** `import { A, B } from './file.js';` (or `import type`), names sorted. */
export function localImport(names: Iterable<string>, file: string, typeOnly: boolean): string {
  const sorted = [...new Set(names)].sort(compareNames);
  return importStatement(sorted, quote(`./${file}.js`), typeOnly);
}
