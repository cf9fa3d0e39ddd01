/**
 * Dialect-neutral schema operations: what a migration's `up` and `down` are made of.
 *
 * Operations are plain data (a `kind` tag plus fields), so migration files can be read
 * and edited by hand, and every dialect renders them through an exhaustive
 * `Record<OperationKind, ...>` (a missing case is a type error).
 */
import type {
  CheckIR,
  ColumnIR,
  ColumnTypeIR,
  DefaultIR,
  EnumIR,
  ForeignKeyIR,
  GeneratedIR,
  IndexIR,
  SearchIR,
  TableIR,
  TableKey,
  UniqueIR,
} from './ir.js';

/** `{ schema, name }` of an enum type. */
export interface EnumRef {
  readonly schema: string;
  readonly name: string;
}

export type Operation =
  | { readonly kind: 'createTable'; readonly table: TableIR }
  | { readonly kind: 'dropTable'; readonly table: TableKey }
  | { readonly kind: 'renameTable'; readonly table: TableKey; readonly to: string }
  | { readonly kind: 'addColumn'; readonly table: TableKey; readonly column: ColumnIR }
  | { readonly kind: 'dropColumn'; readonly table: TableKey; readonly column: string }
  | {
      readonly kind: 'alterColumn';
      readonly table: TableKey;
      readonly column: string;
      /** Only the fields present change. `default: null` removes the default. */
      readonly type?: ColumnTypeIR;
      readonly nullable?: boolean;
      readonly default?: DefaultIR | null;
      /**
       * `null`: the generated column becomes a plain one and keeps the values it holds;
       * an expression: the plain column becomes generated, its values computed anew.
       * (A changed expression is a dropColumn and an addColumn.)
       */
      readonly generated?: GeneratedIR | null;
      /** Whether the database numbers new rows (identity, AUTO_INCREMENT, AUTOINCREMENT). */
      readonly autoIncrement?: boolean;
    }
  | {
      readonly kind: 'renameColumn';
      readonly table: TableKey;
      readonly column: string;
      readonly to: string;
    }
  | {
      readonly kind: 'createIndex';
      readonly table: TableKey;
      readonly index: IndexIR & { readonly name: string };
    }
  | { readonly kind: 'dropIndex'; readonly table: TableKey; readonly name: string }
  | {
      readonly kind: 'addUnique';
      readonly table: TableKey;
      readonly unique: UniqueIR & { readonly name: string };
    }
  | { readonly kind: 'dropUnique'; readonly table: TableKey; readonly name: string }
  | {
      readonly kind: 'addForeignKey';
      readonly table: TableKey;
      readonly foreignKey: ForeignKeyIR & { readonly name: string };
    }
  | { readonly kind: 'dropForeignKey'; readonly table: TableKey; readonly name: string }
  | {
      readonly kind: 'addCheck';
      readonly table: TableKey;
      readonly check: CheckIR & { readonly name: string };
    }
  | { readonly kind: 'dropCheck'; readonly table: TableKey; readonly name: string }
  | { readonly kind: 'createEnum'; readonly enum: EnumIR }
  | { readonly kind: 'dropEnum'; readonly enum: EnumRef }
  | {
      readonly kind: 'addEnumValue';
      readonly enum: EnumRef;
      readonly value: string;
      /** Insert after this value; at the end when absent. */
      readonly after?: string;
    }
  | { readonly kind: 'dropEnumValue'; readonly enum: EnumRef; readonly value: string }
  | {
      /** The enum's values in another order (the order they sort in), the same values. */
      readonly kind: 'reorderEnum';
      readonly enum: EnumRef;
      readonly values: readonly string[];
    }
  | {
      readonly kind: 'setComment';
      readonly table: TableKey;
      /** The column commented on; the table itself when absent. */
      readonly column?: string;
      readonly comment: string | null;
    }
  | { readonly kind: 'createSearch'; readonly table: TableKey; readonly search: SearchIR }
  | { readonly kind: 'dropSearch'; readonly table: TableKey; readonly search: SearchIR }
  | {
      readonly kind: 'raw';
      /**
       * SQL run as written: one string for every dialect, or one per dialect by name
       * (`{ postgres, sqlite, mysql }`, or a registered dialect's name); a dialect without
       * an entry runs nothing.
       */
      readonly sql: string | { readonly [dialect: string]: string | undefined };
    }
  | {
      /**
       * A data migration step: code that reads and writes rows (typed Core statements)
       * between the DDL operations around it. Built by `op.data` / `op.batch` and run by
       * migrate/data-run.ts; it renders no DDL and leaves the schema as it is.
       */
      readonly kind: 'data';
      /** What it does, for progress lines and errors. */
      readonly name: string;
      /** `op.batch`: the table walked in primary-key order; absent for `op.data`. */
      readonly table?: TableKey;
      /** `op.batch`: rows per batch (each batch commits with its progress). */
      readonly batchSize?: number;
      /** The function's source text, so that editing it changes the migration's checksum. */
      readonly source: string;
      /** The step itself (functions are left out of checksums; `source` stands for it). */
      readonly run: (...args: never[]) => unknown;
    };

export type OperationKind = Operation['kind'];

/** The operation of kind `K`. */
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** Every operation kind, for exhaustive checks at run time (file loading). */
export const OPERATION_KINDS: readonly OperationKind[] = [
  'createTable',
  'dropTable',
  'renameTable',
  'addColumn',
  'dropColumn',
  'alterColumn',
  'renameColumn',
  'createIndex',
  'dropIndex',
  'addUnique',
  'dropUnique',
  'addForeignKey',
  'dropForeignKey',
  'addCheck',
  'dropCheck',
  'createEnum',
  'dropEnum',
  'addEnumValue',
  'dropEnumValue',
  'reorderEnum',
  'setComment',
  'createSearch',
  'dropSearch',
  'raw',
  'data',
];
