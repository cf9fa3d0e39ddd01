/**
 * Wide tables: hundreds of columns, FKs and colliding property names in one table. The IR
 * passes look these up per column and per FK through indexes and counts (a search per
 * lookup was quadratic, see bench/hostile.bench.ts); these tests hold the names they
 * derive to what the rules give, at a size where every lookup goes through the index.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileOk, diagnose, table } from './helpers.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

test('300 FKs from one table to one target: one relation each way per FK, named by column', () => {
  const { ir } = compileOk(
    `Table p {\n  id int [pk]\n}\nTable t {\n  id int [pk]\n${range(300)
      .map((i) => `  p${i} int [not null, ref: > p.id]\n`)
      .join('')}  owner_id int [ref: > p.id]\n}\n`,
  );
  const t = table(ir, 'public.t');
  const p = table(ir, 'public.p');
  assert.equal(t.foreignKeys.length, 301);
  assert.deepEqual(
    t.orm.relations.map((r) => r.name),
    [...range(300).map((i) => `p${i}P`), 'owner'],
  );
  // Several FKs to one target: every inverse is named after its FK's relation.
  assert.deepEqual(
    p.orm.relations.map((r) => r.name),
    [...range(300).map((i) => `tsByP${i}P`), 'tsByOwner'],
  );
  // The FK columns were found: not null makes the owning side required (orphans deleted).
  assert.ok(p.orm.relations.slice(0, 300).every((r) => r.orphan === 'delete'));
  assert.equal(p.orm.relations[300]?.orphan, 'nullify');
});

test('300 pairs of columns with one property name: each later one gets the next free name', () => {
  const source = `Table t {\n  id int [pk]\n${range(300)
    .map((i) => `  c${i}_x int\n  c${i}X int\n  c${i}X2 int\n`)
    .join('')}}\n`;
  const { ir } = compileOk(source);
  // c0_x takes `c0X`; c0X then falls back: its name as written is taken, `c0X2` is held
  // by a later column, so `c0X3`; c0X2 keeps its own name.
  const names = table(ir, 'public.t').columns.map((c) => c.propertyName);
  assert.equal(new Set(names).size, names.length, 'property names are distinct');
  assert.deepEqual(names.slice(0, 4), ['id', 'c0X', 'c0X3', 'c0X2']);
  assert.deepEqual(
    names.slice(1),
    range(300).flatMap((i) => [`c${i}X`, `c${i}X3`, `c${i}X2`]),
  );
  const warnings = diagnose(source).filter((d) => d.code === 'DBML234');
  assert.equal(warnings.length, 300);
  assert.equal(warnings[0]?.span?.line, 4);
});
