// The table the observability tests use: items (id integer primary key, name unique).
import { defineTable, type Column } from '@dbgen/runtime';
import { column, table } from '../../support/ir.js';

const itemsIR = table('items', [
  column('id', 'integer', { primaryKey: true }),
  column('name', 'text', { unique: true }),
]);

export const items = defineTable<{ id: Column<number>; name: Column<string> }>(itemsIR);

/** Its DDL (MySQL needs a length for a unique varchar). */
export const ITEMS_DDL =
  'create table items (id integer primary key, name varchar(50) not null unique)';
