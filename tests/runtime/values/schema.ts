// The table of the bad-value matrix: one nullable column per logical type (and arrays), as
// the generator would describe it, created by dbgen's own DDL for each dialect.
import {
  defineTable,
  Model,
  registerModel,
  type Column,
  type JsonValue,
  type SchemaIR,
} from '@dbgen/runtime';
import { column, enumColumnType, enumeration, schema, table } from '../../support/ir.js';

const n = { nullable: true };

export const valsIR = table('vals', [
  column('id', 'integer', { primaryKey: true }),
  column('i_small', 'smallint', n),
  column('i_int', 'integer', n),
  column('i_big', 'bigint', n),
  column('f_real', 'real', n),
  column('f_double', 'double', n),
  column('dec', 'decimal(20,2)', n),
  column('flag', 'boolean', n),
  column('code', 'char(3)', n),
  column('name', 'varchar(20)', n),
  column('body', 'text', n),
  column('uid', 'uuid', n),
  column('day', 'date', n),
  column('at_ts', 'timestamp', n),
  column('at_tz', 'timestamptz', n),
  column('doc', 'json', n),
  column('docb', 'jsonb', n),
  column('blob', 'bytea', n),
  column('mood', enumColumnType('mood'), n),
  column('tags', 'text[]', n),
  column('nums', 'integer[]', n),
]);

export const valsSchema: SchemaIR = schema([valsIR], [enumeration('mood', ['happy', 'sad'])]);

export interface ValRow {
  id: number;
  iSmall: number | null;
  iInt: number | null;
  iBig: bigint | null;
  fReal: number | null;
  fDouble: number | null;
  dec: string | null;
  flag: boolean | null;
  code: string | null;
  name: string | null;
  body: string | null;
  uid: string | null;
  day: Date | null;
  atTs: Date | null;
  atTz: Date | null;
  doc: JsonValue | null;
  docb: JsonValue | null;
  blob: Buffer | null;
  mood: 'happy' | 'sad' | null;
  tags: string[] | null;
  nums: number[] | null;
}

export const vals = defineTable<{ [K in keyof ValRow]: Column<ValRow[K]> }>(valsIR);

export class Val extends Model {
  static readonly c = vals;
}
export interface Val extends ValRow {}
registerModel(Val, vals, {});
