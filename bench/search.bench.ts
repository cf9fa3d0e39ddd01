// Full-text search (`textSearch`) on every dialect: 20,000 generated documents (a 5-word
// title, a 60-word body, words drawn from a 2,000-word vocabulary with a skew), then the
// mean time of a ranked top-10 search (`WHERE s.match ORDER BY s.rank DESC LIMIT 10`) over
// 50 queries, and how many rows one two-word query matches (the same on every dialect).
// Each dialect gets a database of its own, dropped after.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSchemaSource } from '@dbgen/generator';
import {
  createEngine,
  createSchemaSql,
  defineTable,
  insertInto,
  select,
  sql,
  textSearch,
  type Column,
} from '@dbgen/runtime';

const PG_SERVER =
  process.env['DBGEN_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const MYSQL_SERVER = process.env['DBGEN_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';
const DOCUMENTS = 20_000;
const QUERIES = 50;

const SCHEMA = `Table docs {
  id integer [pk]
  title varchar(200) [not null]
  body text
  Note: '@dbgen search: (title, body), language: english'
}
`;

function documents(): { id: number; title: string; body: string }[] {
  const vocabulary = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}x`);
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const word = (): string => vocabulary[Math.floor(random() ** 2 * vocabulary.length)] ?? 'w';
  const words = (n: number): string => Array.from({ length: n }, word).join(' ');
  return Array.from({ length: DOCUMENTS }, (_, i) => ({
    id: i + 1,
    title: words(5),
    body: words(60),
  }));
}

/** A fresh database URL per dialect, and how to drop it. */
async function database(dialect: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dbgen-bench-search-'));
    return {
      url: `sqlite:${join(dir, 'bench.db')}`,
      drop: async () => rmSync(dir, { recursive: true }),
    };
  }
  const name = `dbgen_bench_${randomBytes(5).toString('hex')}`;
  const server = dialect === 'postgres' ? PG_SERVER : MYSQL_SERVER;
  const admin = createEngine(server);
  await admin.execute(
    sql.raw(dialect === 'postgres' ? `create database "${name}"` : `create database \`${name}\``),
  );
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.execute(
        sql.raw(
          dialect === 'postgres'
            ? `drop database "${name}" with (force)`
            : `drop database \`${name}\``,
        ),
      );
      await admin.close();
    },
  };
}

export default async function run(): Promise<void> {
  const ir = compileSchemaSource(SCHEMA, 'bench-search.dbml').ir;
  if (ir === null) throw new Error('the bench schema does not compile');
  const docs = defineTable<{ id: Column<number> }>(ir.tables[0]!);
  const rows = documents();
  const queries = ['w5x w9x', 'w1ax', 'w2bx w3cx', 'w10x'];
  console.log(
    '| dialect | insert 20,000 rows (500 a statement) | ranked top-10 search, mean | rows matching "w5x w9x" |',
  );
  console.log('| --- | --- | --- | --- |');
  for (const dialect of ['sqlite', 'postgres', 'mysql']) {
    const db = await database(dialect);
    const engine = createEngine(db.url);
    try {
      for (const statement of createSchemaSql(ir, dialect))
        await engine.execute(sql.raw(statement));
      let started = performance.now();
      for (let i = 0; i < rows.length; i += 500)
        await engine.execute(insertInto(docs).values(rows.slice(i, i + 500)));
      const insertMs = performance.now() - started;
      const ranked = (query: string) => {
        const s = textSearch(engine, docs, query);
        return select(docs.id).from(docs).where(s.match).orderBy(s.rank.desc()).limit(10);
      };
      for (const q of queries) await engine.execute(ranked(q)); // warm-up
      started = performance.now();
      for (let i = 0; i < QUERIES; i++) await engine.execute(ranked(queries[i % queries.length]!));
      const perQuery = (performance.now() - started) / QUERIES;
      const s = textSearch(engine, docs, 'w5x w9x');
      const matching = (await engine.execute(select(docs.id).from(docs).where(s.match))).rows
        .length;
      console.log(
        `| ${dialect} | ${insertMs.toFixed(0)} ms | ${perQuery.toFixed(1)} ms | ${matching} |`,
      );
    } finally {
      await engine.close();
      await db.drop();
    }
  }
}
