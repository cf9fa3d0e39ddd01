import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileOk, table, withoutSpans } from './helpers.js';

test('a table: columns, types, settings, defaults of each kind, notes', () => {
  const { ir } = compileOk(`
Table users {
  id serial [pk]
  email "character varying"(255) [not null, unique, note: 'login']
  score decimal(10, 2) [default: 1.5]
  big bigint [default: 9223372036854775807]
  active bool [default: true]
  bio text [null, default: null]
  nick varchar [default: 'none']
  created_at "timestamp with time zone" [default: \`now()\`]
  tags text[]
  Note: 'people'
}`);
  const users = table(ir, 'public.users');
  assert.equal(users.schema, 'public');
  assert.equal(users.note, 'people');
  assert.deepEqual(withoutSpans(users.primaryKey), { name: null, columns: ['id'] });
  const [id, email, score, big, active, bio, nick, createdAt, tags] = withoutSpans(users.columns);
  assert.deepEqual(id, {
    name: 'id',
    type: { logical: 'integer', raw: 'serial', name: 'serial', args: [], arrayDims: 0 },
    nullable: false,
    primaryKey: true,
    unique: false,
    autoIncrement: true,
    default: null,
    checks: [],
    note: null,
    propertyName: 'id',
  });
  assert.equal(email?.type.logical, 'varchar');
  assert.deepEqual(email?.type.args, [255]);
  assert.equal(email?.nullable, false);
  assert.equal(email?.unique, true);
  assert.equal(email?.note, 'login');
  assert.deepEqual(score?.type.args, [10, 2]);
  assert.equal(score?.type.logical, 'decimal');
  assert.deepEqual(score?.default, { kind: 'number', value: 1.5 });
  assert.deepEqual(big?.default, { kind: 'number', value: '9223372036854775807' });
  assert.deepEqual(active?.default, { kind: 'boolean', value: true });
  assert.equal(active?.type.logical, 'boolean');
  assert.deepEqual(bio?.default, { kind: 'null' });
  assert.equal(bio?.nullable, true);
  assert.deepEqual(nick?.default, { kind: 'string', value: 'none' });
  assert.equal(createdAt?.type.logical, 'timestamptz');
  assert.deepEqual(createdAt?.default, { kind: 'expression', sql: 'now()' });
  assert.equal(createdAt?.propertyName, 'createdAt');
  assert.equal(tags?.type.logical, 'text');
  assert.equal(tags?.type.arrayDims, 1);
  assert.equal(users.orm.className, 'User');
});

test('schemas, aliases and enums (schema-qualified) resolve', () => {
  const { ir } = compileOk(`
Enum auth.role {
  admin
  member [note: 'default']
}
Table auth.users as U {
  id int [pk]
  role auth.role [default: 'member']
}
Table posts {
  id int [pk]
  author_id int [ref: > U.id]
}`);
  assert.deepEqual(withoutSpans(ir.enums), [
    {
      schema: 'auth',
      name: 'role',
      values: [
        { name: 'admin', note: null },
        { name: 'member', note: 'default' },
      ],
      note: null,
    },
  ]);
  const users = table(ir, 'auth.users');
  assert.equal(users.alias, 'U');
  assert.deepEqual(users.columns[1]?.type.enum, { schema: 'auth', name: 'role' });
  assert.equal(users.columns[1]?.type.logical, 'enum');
  assert.deepEqual(withoutSpans(ir.refs), [
    {
      name: null,
      from: { table: 'public.posts', columns: ['author_id'] },
      to: { table: 'auth.users', columns: ['id'] },
      cardinality: 'many-to-one',
      onDelete: null,
      onUpdate: null,
    },
  ]);
  assert.deepEqual(withoutSpans(table(ir, 'public.posts').foreignKeys), [
    {
      name: null,
      columns: ['author_id'],
      target: 'auth.users',
      targetColumns: ['id'],
      onDelete: null,
      onUpdate: null,
      oneToOne: false,
    },
  ]);
});

test('refs: short, long, composite, all cardinalities, actions; who holds the FK', () => {
  const { ir } = compileOk(`
Table a {
  id int [pk]
  x int
  y int
}
Table b {
  id int [pk]
  a_id int
  x int
  y int
}
Table c {
  id int [pk]
  b_id int [unique]
}
Table d {
  id int [pk]
  c_id int [ref: - c.id]
}
Ref fk_b_a: b.a_id > a.id [delete: cascade, update: no action]
Ref { a.id < c.id }
Ref: b.id - c.b_id
Ref: b.(x, y) > a.(x, y) [delete: set null]
`);
  const b = table(ir, 'public.b');
  assert.deepEqual(
    withoutSpans(b.foreignKeys).map((fk) => [
      fk.name,
      fk.columns,
      fk.target,
      fk.onDelete,
      fk.onUpdate,
    ]),
    [
      ['fk_b_a', ['a_id'], 'public.a', 'cascade', 'no action'],
      [null, ['x', 'y'], 'public.a', 'set null', null],
    ],
  );
  // `a.id < c.id`: c holds the FK. `b.id - c.b_id` (short form): the second endpoint does.
  const c = table(ir, 'public.c');
  assert.deepEqual(
    c.foreignKeys.map((fk) => [fk.columns, fk.target, fk.oneToOne]),
    [
      [['id'], 'public.a', false],
      [['b_id'], 'public.b', true],
    ],
  );
  // Inline `-`: the column holding the ref holds the FK.
  assert.deepEqual(
    table(ir, 'public.d').foreignKeys.map((fk) => [fk.columns, fk.target, fk.oneToOne]),
    [[['c_id'], 'public.c', true]],
  );
  assert.deepEqual(
    ir.refs.map((r) => r.cardinality),
    ['many-to-one', 'one-to-many', 'one-to-one', 'many-to-one', 'one-to-one'],
  );
});

test('<> becomes a synthesized join table named as @dbml/core does', () => {
  const { ir } = compileOk(`
Table t1 { a int [pk] }
Table t2 { a int [pk] }
Table t1_t2 { a int [pk] }
Ref: t1.a <> t2.a
Table c { cd int [pk, ref: <> d.de] }
Table d { de int [pk] }
`);
  const join = table(ir, 'public.t1_t2(1)');
  assert.equal(join.synthesized, true);
  assert.equal(join.orm.isJoinTable, true);
  assert.deepEqual(
    join.columns.map((col) => [col.name, col.type.raw, col.nullable]),
    [
      ['t1_a', 'int', false],
      ['t2_a', 'int', false],
    ],
  );
  assert.deepEqual(join.primaryKey, { name: null, columns: ['t1_a', 't2_a'] });
  assert.deepEqual(
    join.foreignKeys.map((fk) => [fk.columns, fk.target, fk.targetColumns]),
    [
      [['t1_a'], 'public.t1', ['a']],
      [['t2_a'], 'public.t2', ['a']],
    ],
  );
  // Inline: the ref's target comes first.
  assert.ok(ir.tables.some((t) => t.key === 'public.d_c'));
  const t1 = table(ir, 'public.t1');
  const m2m = t1.orm.relations.find((r) => r.kind === 'many-to-many');
  assert.deepEqual(m2m, {
    name: 't2s',
    kind: 'many-to-many',
    target: 'public.t2',
    localColumns: ['a'],
    targetColumns: ['a'],
    owning: false,
    through: { table: 'public.t1_t2(1)', localColumns: ['t1_a'], targetColumns: ['t2_a'] },
    inverse: 't1s',
    orphan: null,
  });
});

test('TablePartial: injected in place; the table wins, then the last partial', () => {
  const { ir } = compileOk(`
TablePartial base [note: 'from base'] {
  id int [pk]
  created_at timestamp [default: \`now()\`]
  name varchar(10)
}
TablePartial named {
  name varchar(20) [not null]
  indexes { name [unique] }
}
Table items {
  ~base
  name varchar(30)
  ~named
  price int
}
Table others {
  ~base
  ~named
  Note: 'own note'
}`);
  const items = table(ir, 'public.items');
  assert.deepEqual(
    items.columns.map((c) => c.name),
    ['id', 'created_at', 'name', 'price'],
  );
  assert.equal(items.columns[2]?.type.raw, 'varchar(30)'); // the table's own definition
  assert.equal(items.note, 'from base');
  assert.equal(items.indexes.length, 1);
  const others = table(ir, 'public.others');
  assert.equal(others.columns.find((c) => c.name === 'name')?.type.raw, 'varchar(20)');
  assert.deepEqual(
    others.columns.map((c) => c.name),
    ['id', 'created_at', 'name'],
  );
  assert.equal(others.note, 'own note');
});

test("TablePartial indexes: the table's index of the same name wins, then the last partial", () => {
  const { ir } = compileOk(`
TablePartial a {
  email varchar
  indexes {
    email [name: 'by_email']
    (email) [unique]
  }
}
TablePartial b {
  email varchar
  indexes {
    email [name: 'by_email', type: hash]
  }
}
Table users {
  id int [pk]
  ~a
  ~b
}`);
  assert.deepEqual(
    table(ir, 'public.users').indexes.map((i) => [i.name, i.unique, i.type]),
    [
      [null, true, null],
      ['by_email', false, 'hash'],
    ],
  );
  const local = compileOk(`
TablePartial a {
  email varchar
  indexes {
    email [name: 'by_email']
    (email) [unique]
  }
}
Table people {
  id int [pk]
  ~a
  indexes {
    email [name: 'by_email', unique]
  }
}`);
  assert.deepEqual(
    table(local.ir, 'public.people').indexes.map((i) => [i.name, i.unique, i.type]),
    [
      [null, true, null],
      ['by_email', true, null],
    ],
  );
});

test('indexes, checks, composite primary key', () => {
  const { ir } = compileOk(`
Table bookings {
  id int
  country varchar
  booking_date date
  amount int [check: \`amount > 0\`]
  indexes {
    (id, country) [pk, name: 'bookings_pk']
    booking_date [name: 'by_date', type: hash, note: 'Date']
    (country, booking_date) [unique]
    (\`lower(country)\`, id)
  }
  checks {
    \`amount < 1000\` [name: 'not_too_much']
  }
}`);
  const t = table(ir, 'public.bookings');
  assert.deepEqual(t.primaryKey, { name: 'bookings_pk', columns: ['id', 'country'] });
  assert.equal(t.columns[0]?.primaryKey, true);
  assert.equal(t.columns[0]?.nullable, false);
  assert.deepEqual(withoutSpans(t.indexes), [
    {
      name: 'by_date',
      parts: [{ kind: 'column', name: 'booking_date' }],
      unique: false,
      type: 'hash',
      note: 'Date',
    },
    {
      name: null,
      parts: [
        { kind: 'column', name: 'country' },
        { kind: 'column', name: 'booking_date' },
      ],
      unique: true,
      type: null,
      note: null,
    },
    {
      name: null,
      parts: [
        { kind: 'expression', sql: 'lower(country)' },
        { kind: 'column', name: 'id' },
      ],
      unique: false,
      type: null,
      note: null,
    },
  ]);
  assert.deepEqual(withoutSpans(t.checks), [{ name: 'not_too_much', expression: 'amount < 1000' }]);
  assert.deepEqual(withoutSpans(t.columns[3]?.checks), [{ name: null, expression: 'amount > 0' }]);
});

test('project, table groups, records, sticky notes', () => {
  const { ir } = compileOk(`
Project shop {
  database_type: 'PostgreSQL'
  dbgen_version_column: 'version'
  owner: 'team'
  Note: 'the shop'
}
Table users {
  id int [pk]
  name varchar
  records {
    1, 'Alice'
    2, null
  }
}
Table posts {
  id int [pk]
  title varchar
}
records posts(id, title) {
  1, 'Hello'
}
TableGroup people [note: 'humans'] {
  users
}
Note todo {
  'remember'
}`);
  assert.deepEqual(ir.project, {
    name: 'shop',
    databaseType: 'PostgreSQL',
    note: 'the shop',
    properties: { dbgen_version_column: 'version', owner: 'team' },
  });
  assert.deepEqual(ir.tableGroups, [{ name: 'people', tables: ['public.users'], note: 'humans' }]);
  assert.deepEqual(ir.records, [
    {
      table: 'public.users',
      columns: ['id', 'name'],
      rows: [
        [1, 'Alice'],
        [2, null],
      ],
    },
    { table: 'public.posts', columns: ['id', 'title'], rows: [[1, 'Hello']] },
  ]);
  assert.deepEqual(ir.notes, [{ name: 'todo', content: 'remember' }]);
});
