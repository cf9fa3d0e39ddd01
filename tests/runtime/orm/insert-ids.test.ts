// The ORM on MySQL 8, which has no RETURNING: keys of batched inserts come from the insert
// id (insert-ids.ts). MySQL 8 itself is not on our machines: these run on MariaDB with the
// MySQL flavour forced by the URL (`?flavour=mysql`), so the server's RETURNING is unused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createEngine,
  defineTable,
  inspect,
  Model,
  OrmError,
  registerModel,
  Session,
  sql,
  UniqueViolationError,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { column, foreignKey, id, relation, table } from '../../support/ir.js';

const accountsIR = table(
  'id_accounts',
  [
    id(),
    column('email', 'varchar', { unique: true }),
    column('status', 'varchar', { default: { kind: 'string', value: 'new' } }),
    column('created_at', 'timestamptz', {
      default: { kind: 'expression', sql: 'current_timestamp(6)' },
    }),
  ],
  {
    className: 'IdAccount',
    relations: [
      relation('entries', 'one-to-many', 'id_entries', ['id'], ['account_id'], {
        inverse: 'account',
      }),
    ],
  },
);
const entriesIR = table(
  'id_entries',
  [
    column('id', 'bigint', { primaryKey: true, autoIncrement: true }),
    column('account_id', 'integer'),
    column('label', 'varchar'),
  ],
  {
    className: 'IdEntry',
    foreignKeys: [foreignKey(['account_id'], 'id_accounts', ['id'])],
    relations: [
      relation('account', 'many-to-one', 'id_accounts', ['account_id'], ['id'], {
        inverse: 'entries',
      }),
    ],
  },
);
const codesIR = table(
  'id_codes',
  [column('code', 'varchar', { primaryKey: true }), column('name', 'text')],
  { className: 'IdCode' },
);

const accounts = defineTable<{
  id: Column<number>;
  email: Column<string>;
  status: Column<string>;
  createdAt: Column<Date>;
}>(accountsIR);
const entries = defineTable<{
  id: Column<bigint>;
  accountId: Column<number>;
  label: Column<string>;
}>(entriesIR);
const codes = defineTable<{ code: Column<string>; name: Column<string> }>(codesIR);

class IdAccount extends Model {
  static readonly c = accounts;
  declare id: number;
  declare email: string;
  declare status: string;
  declare createdAt: Date;
  declare entries: IdEntry[];
  constructor(init: { email: string; id?: number | null; entries?: IdEntry[] }) {
    super(init);
  }
}
class IdEntry extends Model {
  static readonly c = entries;
  declare id: bigint;
  declare accountId: number;
  declare label: string;
  declare account: IdAccount;
  constructor(init: { label: string; account?: IdAccount }) {
    super(init);
  }
}
class IdCode extends Model {
  static readonly c = codes;
  declare code: string;
  declare name: string;
  constructor(init: { name: string; code?: string }) {
    super(init);
  }
}
registerModel(IdAccount, accounts, { entries: () => IdEntry });
registerModel(IdEntry, entries, { account: () => IdAccount });
registerModel(IdCode, codes, {});

const DDL = [
  `create table id_accounts (id integer auto_increment primary key, email varchar(100) not null unique,
     status varchar(20) not null default 'new', created_at datetime(6) not null default current_timestamp(6))`,
  `create table id_entries (id bigint auto_increment primary key,
     account_id integer not null references id_accounts(id), label varchar(100) not null unique)`,
  'create table id_codes (code varchar(36) not null primary key, name text not null)',
];

const onlyDialects = process.env['DBGEN_TEST_DIALECTS']?.split(',');

describe(
  'mysql: keys from the insert id (MySQL flavour forced on MariaDB)',
  {
    skip: onlyDialects !== undefined && !onlyDialects.includes('mysql'),
  },
  () => {
    let database: TestDatabase | null = null;
    const engines: Engine[] = [];
    /** An engine on the test database; `flavour` null: the server's own (MariaDB: RETURNING). */
    const engine = (flavour: 'mysql' | null = 'mysql'): Engine => {
      const url = new URL((database as TestDatabase).url);
      if (flavour !== null) url.searchParams.set('flavour', flavour);
      const e = createEngine({ url: url.toString() });
      engines.push(e);
      return e;
    };
    /** Statements an engine runs from now on, lower-cased. */
    const record = (e: Engine): string[] => {
      const seen: string[] = [];
      e.on('statement', (event: { sql: string }) => {
        seen.push(event.sql.toLowerCase());
      });
      return seen;
    };
    /** id → email of every account row. */
    const accountRows = async (): Promise<Map<number, Record<string, unknown>>> => {
      const r = await engine().execute(sql`select id, email, status, created_at from id_accounts`);
      return new Map(r.rows.map((row) => [Number(row['id']), row as Record<string, unknown>]));
    };

    before(async () => {
      database = await createTestDatabase('mysql');
      const e = engine();
      for (const ddl of DDL) await e.execute(sql.raw(ddl));
    });
    after(async () => {
      await Promise.allSettled(engines.map((e) => e.close()));
      await database?.drop();
    });

    test('the forced flavour has no RETURNING', () => {
      assert.equal(engine().dialect.capabilities.returning, false);
      assert.throws(
        () => createEngine({ url: `${(database as TestDatabase).url}?flavour=oracle` }),
        {
          message: /flavour must be "mysql" or "mariadb", not "oracle"/,
        },
      );
      // Not a property of every object either.
      assert.throws(
        () => createEngine({ url: `${(database as TestDatabase).url}?flavour=toString` }),
        { message: /not "toString"/ },
      );
    });

    test('the Core result carries the insert id: a multi-row INSERT’s first row’s', async () => {
      const e = engine();
      const r = await e.execute(
        sql`insert into id_codes (code, name) values ('core', 'no auto-increment here')`,
      );
      assert.equal(r.insertId, undefined);
      const many = await e.execute(
        sql`insert into id_accounts (email) values ('core1@x.org'), ('core2@x.org')`,
      );
      assert.equal(many.rowCount, 2);
      const rows = await e.execute(
        sql`select id from id_accounts where email like 'core%' order by email`,
      );
      assert.equal(many.insertId, rows.rows[0]?.['id']);
      await e.execute(sql`delete from id_codes`);
    });

    test('a batched insert takes its keys from the insert id, in steps of auto_increment_increment', async () => {
      const e = engine();
      const seen = record(e);
      const s = new Session(e);
      // Offset 2, step 3: ids 2, 5, 8, ... prove that the step is read, not assumed.
      await s.execute(sql`set session auto_increment_increment = 3, auto_increment_offset = 2`);
      const objs = Array.from(
        { length: 2_500 },
        (_, i) => new IdAccount({ email: `step${i}@x.org` }),
      );
      s.addAll(objs);
      await s.flush();
      await s.execute(sql`set session auto_increment_increment = 1, auto_increment_offset = 1`);
      await s.commit();
      await s.close();

      const inserts = seen.filter((q) => q.startsWith('insert'));
      assert.equal(inserts.length, 3, '1,000 rows per INSERT');
      assert.ok(inserts.every((q) => !q.includes('returning')));
      assert.equal(seen.filter((q) => q.includes('@@auto_increment_increment')).length, 1);
      assert.equal(
        seen.filter((q) => q.startsWith('select') && q.includes('created_at')).length,
        3,
      );
      for (let i = 1; i < objs.length; i++)
        assert.equal(objs[i]!.id - objs[i - 1]!.id, 3, `step between rows ${i - 1} and ${i}`);
      const rows = await accountRows();
      for (const o of objs) {
        const row = rows.get(o.id);
        assert.equal(row?.['email'], o.email, `row ${o.id}`);
        // Server defaults were read back by key (eagerDefaults).
        assert.equal(o.status, 'new');
        assert.ok(o.createdAt instanceof Date);
        const stored = String(row?.['created_at']).replace(' ', 'T').slice(0, 23);
        assert.equal(o.createdAt.toISOString(), `${stored}Z`);
      }
    });

    test('four sessions inserting batches at once each get their own rows’ keys', async () => {
      const e = engine();
      const sessions = [0, 1, 2, 3].map(() => new Session(e));
      const batches = sessions.map((s, k) =>
        Array.from({ length: 1_500 }, (_, i) => new IdAccount({ email: `c${k}-${i}@x.org` })),
      );
      // Two of them step by 2: the counter is shared, each statement's step its session's.
      await sessions[1]!.execute(sql`set session auto_increment_increment = 2`);
      await sessions[3]!.execute(sql`set session auto_increment_increment = 2`);
      await Promise.all(
        sessions.map(async (s, k) => {
          s.addAll(batches[k]!);
          await s.flush();
          if (k % 2 === 1) await s.execute(sql`set session auto_increment_increment = 1`);
          await s.commit();
          await s.close();
        }),
      );
      const rows = await accountRows();
      const ids = new Set<number>();
      for (const o of batches.flat()) {
        assert.equal(rows.get(o.id)?.['email'], o.email, `row ${o.id}`);
        ids.add(o.id);
      }
      assert.equal(ids.size, 6_000);
    });

    test('children in the same flush reference their new parents’ keys', async () => {
      const e = engine();
      const s = new Session(e);
      const parents = Array.from({ length: 300 }, (_, i) => {
        const a = new IdAccount({ email: `parent${i}@x.org` });
        a.entries = [0, 1, 2].map((j) => new IdEntry({ label: `parent${i}#${j}` }));
        return a;
      });
      s.addAll(parents);
      await s.commit();
      await s.close();
      const r = await e.execute(
        sql`select e.id, e.label, a.email from id_entries e join id_accounts a on a.id = e.account_id
          where a.email like 'parent%'`,
      );
      assert.equal(r.rows.length, 900);
      const byLabel = new Map(r.rows.map((row) => [String(row['label']), row]));
      for (const a of parents)
        for (const entry of a.entries) {
          const row = byLabel.get(entry.label);
          assert.equal(row?.['email'], a.email, entry.label);
          assert.equal(entry.accountId, a.id);
          assert.equal(typeof entry.id, 'bigint');
          assert.equal(BigInt(row?.['id'] as number), entry.id);
        }
    });

    test('a flush failing after keys were taken rolls them back; the retry gets fresh ones', async () => {
      const e = engine();
      const s = new Session(e);
      const first = new IdAccount({ email: 'retry0@x.org' });
      first.entries = [new IdEntry({ label: 'retry-taken' })];
      s.add(first);
      await s.commit();
      const a = new IdAccount({ email: 'retry1@x.org' });
      const child = new IdEntry({ label: 'retry-taken' }); // unique: fails after `a` got its key
      a.entries = [child];
      s.add(a);
      await assert.rejects(s.commit(), UniqueViolationError);
      assert.equal(inspect(a).status, 'transient');
      assert.equal(a.id, undefined);
      assert.equal(child.id, undefined);
      child.label = 'retry-free';
      s.add(a);
      await s.commit();
      await s.close();
      const rows = await accountRows();
      assert.equal(rows.get(a.id)?.['email'], 'retry1@x.org');
      assert.equal(child.accountId, a.id);
    });

    test('explicit keys are kept; an explicit NULL key is generated, one INSERT per row', async () => {
      const e = engine();
      const seen = record(e);
      const s = new Session(e);
      const fixed = [
        new IdAccount({ email: 'fixed1@x.org', id: 900_001 }),
        new IdAccount({ email: 'fixed2@x.org', id: 900_002 }),
      ];
      s.addAll(fixed);
      await s.flush();
      assert.deepEqual(
        fixed.map((o) => o.id),
        [900_001, 900_002],
      );
      assert.equal(fixed[0]!.status, 'new');
      const nulls = [
        new IdAccount({ email: 'null1@x.org', id: null }),
        new IdAccount({ email: 'null2@x.org', id: null }),
      ];
      seen.length = 0;
      s.addAll(nulls);
      await s.commit();
      await s.close();
      assert.equal(seen.filter((q) => q.startsWith('insert')).length, 2, 'one INSERT per row');
      const rows = await accountRows();
      for (const o of [...fixed, ...nulls]) {
        assert.equal(typeof o.id, 'number');
        assert.equal(rows.get(o.id)?.['email'], o.email);
      }
    });

    test('eagerDefaults: false reads nothing back', async () => {
      const e = engine();
      const seen = record(e);
      const s = new Session(e, { eagerDefaults: false });
      const a = new IdAccount({ email: 'lazy@x.org' });
      s.add(a);
      await s.flush();
      assert.equal(typeof a.id, 'number');
      assert.equal(a.createdAt, undefined);
      assert.equal(
        seen.filter((q) => q.startsWith('select') && q.includes('created_at')).length,
        0,
      );
      await s.refresh(a);
      assert.equal(a.status, 'new');
      await s.commit();
      await s.close();
    });

    test('a key that is neither set nor auto-increment is refused, naming the table', async () => {
      const s = new Session(engine());
      s.add(new IdCode({ name: 'no key' }));
      await assert.rejects(s.commit(), (error: unknown) => {
        assert.ok(error instanceof OrmError);
        assert.match(error.message, /cannot insert into "[^"]*id_codes" without RETURNING/);
        assert.match(error.message, /"code"/);
        return true;
      });
      s.add(new IdCode({ name: 'keyed', code: 'k1' }));
      await s.commit();
      await s.close();
      assert.equal(
        (await engine().execute(sql`select count(*) as n from id_codes`)).rows[0]?.['n'],
        1,
      );
    });

    test('MariaDB’s own flavour still inserts with RETURNING', async () => {
      const e = engine(null);
      const seen = record(e);
      const s = new Session(e);
      const objs = [new IdAccount({ email: 'ret1@x.org' }), new IdAccount({ email: 'ret2@x.org' })];
      s.addAll(objs);
      await s.commit();
      await s.close();
      assert.equal(e.dialect.capabilities.returning, true);
      const inserts = seen.filter((q) => q.startsWith('insert'));
      assert.equal(inserts.length, 1);
      assert.match(inserts[0]!, /returning/);
      assert.equal(seen.filter((q) => q.includes('@@auto_increment')).length, 0);
      const rows = await accountRows();
      for (const o of objs) assert.equal(rows.get(o.id)?.['email'], o.email);
    });
  },
);
