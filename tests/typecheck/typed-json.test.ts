/**
 * Typed JSON columns (`@dbgen type: Address`) and the JSON and array operators in the
 * generated client: the row, the init and the operators' operands take the named type
 * (each `@ts-expect-error` below must be an error), untyped JSON stays JsonValue, a bad
 * directive is a located diagnostic, and the typed values go through the ORM and Core on
 * every dialect.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compileSchemaSource, emitClient, writeDbml } from '@dbgen/generator';
import { select, Session, update, type SchemaIR } from '@dbgen/runtime';
import { createTables } from '../support/create-tables.js';
import { forEachDialect } from '../support/databases.js';
import {
  buildRuntime,
  makeTempRoot,
  removeTempRoot,
  typecheck,
  writeFiles,
  type TscError,
} from './support.js';

const SCHEMA = `
Project shop {
  dbgen_types: '../json-types.js'
}
Enum mood {
  happy
  sad
}
Table customers {
  id integer [pk]
  address jsonb [not null, note: '@dbgen type: Address']
  extra json
  tags text[]
  moods mood[]
}
`;

const TYPES = `
export interface Address {
  city: string;
  zip?: string;
  lines?: string[];
}
`;

const USAGE = `
import { select, update, type JsonValue } from '@dbgen/runtime';
import { Customer, customers, type CustomerRow } from './client/index.js';

const c = new Customer({ id: 1, address: { city: 'Oslo', lines: ['a'] } });
export const city: string = c.address.city;
export const extra: JsonValue | null = c.extra;
export const row: CustomerRow['address']['zip'] = 'x';
export const q = select(customers.id)
  .from(customers)
  .where(
    customers.address.contains({ city: 'Oslo', lines: ['a'] }),
    customers.tags.any('a'),
    customers.moods.overlaps(['happy']),
    customers.extra.hasKey('k'),
  );
export const u = update(customers).set({ address: customers.address.setPath(['city'], 'Rome') });
export const appended = update(customers).set({ moods: customers.moods.append('sad') });

// @ts-expect-error a typed JSON column takes only its type
export const badInit = new Customer({ id: 2, address: { town: 'Oslo' } });
// @ts-expect-error contains takes part of the type, not other members
export const badContains = customers.address.contains({ town: 'Oslo' });
// @ts-expect-error an enum array's elements are the enum's values
export const badAny = customers.moods.any('angry');
// @ts-expect-error a text array's elements are strings
export const badOverlap = customers.tags.overlaps([1]);
// @ts-expect-error the typed member is a string
export const badCity: number = c.address.city;
`;

let ir: SchemaIR;
let root = '';
let errors: TscError[] = [];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let client: any;

before(async () => {
  const compiled = compileSchemaSource(SCHEMA, 'shop.dbml');
  assert.deepEqual(
    compiled.diagnostics.map((d) => d.message),
    [],
  );
  assert.ok(compiled.ir);
  ir = compiled.ir;
  buildRuntime();
  root = makeTempRoot('typecheck-typed-json');
  writeFiles(join(root, 'client'), await emitClient(ir, { schemaPath: 'shop.dbml' }));
  writeFileSync(join(root, 'json-types.ts'), TYPES);
  writeFileSync(join(root, 'usage.ts'), USAGE);
  errors = typecheck(root, ['usage.ts']);
  client = await import(pathToFileURL(join(root, 'client', 'index.js')).href);
});
after(() => removeTempRoot(root));

describe('typed JSON columns in the generated types', () => {
  it('type the row, the init and the operators; every misuse is a compile error', () => {
    // An unused @ts-expect-error (a misuse that compiled) would be reported here.
    assert.deepEqual(errors, []);
  });

  it('keep the type in the IR, outside the database, and write it back to DBML', () => {
    const address = ir.tables[0]?.columns.find((c) => c.name === 'address');
    assert.deepEqual(address?.jsonType, { name: 'Address', from: '../json-types.js' });
    assert.equal(address?.note, null);
    // Written back to DBML, it compiles to the same column.
    const again = compileSchemaSource(writeDbml(ir), 'again.dbml');
    assert.deepEqual(
      again.diagnostics.map((d) => d.message),
      [],
    );
    assert.deepEqual(
      again.ir?.tables[0]?.columns.find((c) => c.name === 'address')?.jsonType,
      address?.jsonType,
    );
  });

  it('refuse a type on a column that is not json, and a type without a module, with located errors', () => {
    const notJson = compileSchemaSource(
      `Project p { dbgen_types: './t.js' }\nTable t {\n  id integer [pk]\n  name text [note: '@dbgen type: Name']\n}\n`,
      'bad.dbml',
    );
    assert.equal(notJson.ir, null);
    assert.match(
      notJson.diagnostics.map((d) => `${d.span?.line}: ${d.message}`).join('\n'),
      /^4: @dbgen type: column 't.name' is text; a TypeScript type can be named only for a json or jsonb column$/m,
    );
    const noModule = compileSchemaSource(
      `Table t {\n  id integer [pk]\n  doc jsonb [note: '@dbgen type: Doc']\n}\n`,
      'bad.dbml',
    );
    assert.equal(noModule.ir, null);
    assert.match(
      noModule.diagnostics.map((d) => d.message).join('\n'),
      /@dbgen type: Doc on column 't.doc' needs the module to import it from: add dbgen_types/,
    );
    const perTable = compileSchemaSource(
      `Table t {\n  id integer [pk]\n  doc jsonb [note: '@dbgen type: Doc']\n  Note: '@dbgen types: "./doc.js"'\n}\n`,
      'ok.dbml',
    );
    assert.deepEqual(
      perTable.diagnostics.map((d) => d.message),
      [],
    );
    assert.deepEqual(perTable.ir?.tables[0]?.columns[1]?.jsonType, {
      name: 'Doc',
      from: './doc.js',
    });
  });
});

forEachDialect((dialect, makeEngine) => {
  it('typed JSON and arrays go through the ORM and the operators', async () => {
    const engine = makeEngine();
    await createTables(engine, ir, dialect);
    const { Customer, customers } = client;
    const s = new Session(engine);
    s.add(
      new Customer({
        id: 1,
        address: { city: 'Oslo', lines: ['a', 'b'] },
        extra: { k: 1 },
        tags: ['x'],
        moods: ['happy'],
      }),
    );
    s.add(new Customer({ id: 2, address: { city: 'Rome' }, moods: [] }));
    await s.commit();
    await engine.execute(
      update(customers)
        .set({
          address: customers.address.setPath(['zip'], '0150'),
          moods: customers.moods.append('sad'),
        })
        .where(customers.address.contains({ lines: ['b'] })),
    );
    const { rows } = await engine.execute(
      select(customers.id, customers.address, customers.moods)
        .from(customers)
        .where(customers.moods.any('sad'), customers.extra.hasKey('k')),
    );
    assert.deepEqual(rows, [
      { id: 1, address: { city: 'Oslo', lines: ['a', 'b'], zip: '0150' }, moods: ['happy', 'sad'] },
    ]);
    await s.close();
    // The same operators filter the ORM's Query API.
    const r = new Session(engine);
    const found = (await r
      .query(Customer)
      .filter(Customer.c.address.contains({ city: 'Rome' }), Customer.c.moods.length().eq(0))
      .all()) as unknown as { id: number; address: unknown }[];
    assert.deepEqual(
      found.map((c) => [c.id, c.address]),
      [[2, { city: 'Rome' }]],
    );
    await r.close();
    await engine.close();
  });
});
