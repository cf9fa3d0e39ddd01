// The table of the JSON and array operator tests, created by dbgen's own DDL per dialect.
import { defineTable, type Column, type JsonValue, type SchemaIR } from '@dbgen/runtime';
import { column, enumColumnType, enumeration, schema, table } from '../../support/ir.js';

export type Mood = 'happy' | 'sad' | 'ok';

export interface DocsColumns {
  readonly id: Column<number>;
  readonly doc: Column<JsonValue | null>;
  readonly plain: Column<JsonValue | null>;
  readonly tags: Column<string[] | null>;
  readonly nums: Column<number[] | null>;
  readonly moods: Column<Mood[] | null>;
}

const n = { nullable: true };

export const docsIR = table('docs', [
  column('id', 'integer', { primaryKey: true }),
  column('doc', 'jsonb', n),
  column('plain', 'json', n),
  column('tags', 'text[]', n),
  column('nums', 'integer[]', n),
  column('moods', enumColumnType('mood', { arrayDims: 1 }), n),
]);

export const docsSchema: SchemaIR = schema([docsIR], [enumeration('mood', ['happy', 'sad', 'ok'])]);

export const docs = defineTable<DocsColumns>(docsIR);
