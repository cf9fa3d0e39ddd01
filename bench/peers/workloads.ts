// The five workloads of the peer bench, each three ways (raw driver, Core, ORM), written as
// the harness's peers/pg.mjs, peers/dbgen-core.mjs and peers/dbgen.mjs write them; and the
// harness's read dataset (10,000 users, 20,000 posts owned 10 apiece by users 1-2,000).
import {
  caseWhen,
  insertInto,
  select,
  selectinload,
  Session,
  sql,
  update,
  valuesTable,
  type Engine,
} from '@dbgen/runtime';
import type { BenchDialect } from '../isolate.js';
import {
  check,
  checkGraph,
  checkPosts,
  checkUsers,
  chunks,
  distinctRandomIds,
  CHUNK,
  POST_AUTHORS,
  POSTS_PER_AUTHOR,
  USERS,
  W1_LOOKUPS,
  W3_INSERTS,
  W4_USERS,
  W5_USERS,
} from './checks.js';
import type { PeerClient } from './client.js';
import type { RawDriver } from './raw-drivers.js';

export interface Workload {
  readonly name: string;
  readonly raw: () => Promise<void>;
  readonly core: () => Promise<void>;
  readonly orm: () => Promise<void>;
  /** Untimed, before each run: state for the run, and the previous run's check. */
  readonly reset?: () => Promise<void>;
  /** Untimed, after the last run. */
  readonly finish?: () => Promise<void>;
}

export async function seed(engine: Engine, client: PeerClient): Promise<void> {
  const { users, posts } = client;
  for (let start = 1; start <= USERS; start += CHUNK)
    await engine.execute(
      insertInto(users).values(
        Array.from({ length: CHUNK }, (_, i) => ({
          id: start + i,
          email: `user${start + i}@bench.test`,
          name: `User ${start + i}`,
        })),
      ),
    );
  const body = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(4);
  const total = POST_AUTHORS * POSTS_PER_AUTHOR;
  for (let start = 1; start <= total; start += CHUNK)
    await engine.execute(
      insertInto(posts).values(
        Array.from({ length: CHUNK }, (_, i) => {
          const g = start + i;
          return {
            id: g,
            authorId: ((g - 1) % POST_AUTHORS) + 1,
            title: `Post ${g} title`,
            body: `${body}${g}`,
            published: g % 2 === 0,
          };
        }),
      ),
    );
}

/** After explicit ids, the next generated key follows them (PostgreSQL's identity). */
export async function restartKeys(engine: Engine, dialect: BenchDialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await engine.execute(sql.raw(`select setval(pg_get_serial_sequence('users', 'id'), ${USERS})`));
  await engine.execute(
    sql.raw(
      `select setval(pg_get_serial_sequence('posts', 'id'), ${POST_AUTHORS * POSTS_PER_AUTHOR})`,
    ),
  );
}

export function workloads(engine: Engine, raw: RawDriver, client: PeerClient): Workload[] {
  const { users, posts, User, Post } = client;
  const USER_COLS = 'id, email, name, created_at';
  const POST_COLS = 'id, author_id, title, body, published';
  let round = 0;
  // W1's ids: the harness's first round's (the same for every run here).
  const w1Ids = distinctRandomIds(W1_LOOKUPS, USERS, 7919);
  const ids = (): number[] => w1Ids;
  // W3's and W5's checks read the table: they run after the timer, before the next run.
  let pendingCheck: (() => Promise<void>) | null = null;
  const checkPrevious = async (): Promise<void> => {
    const run = pendingCheck;
    pendingCheck = null;
    await run?.();
  };
  const countLike = async (column: 'email' | 'name', pattern: string): Promise<number> => {
    const { rows } = await engine.execute(
      sql`select count(*) as n from users where ${sql.raw(column)} like ${pattern}`,
    );
    return Number(rows[0]!['n']);
  };
  const w3Check = (side: string): void => {
    const pattern = `w3-r${round}-%`;
    pendingCheck = async () =>
      check(`${side} W3 rows inserted`, await countLike('email', pattern), W3_INSERTS);
  };
  const w5Check = (side: string, tag: string): void => {
    pendingCheck = async () =>
      check(`${side} W5 rows renamed`, await countLike('name', `upd-${tag}-%`), W5_USERS);
  };
  // W3's input rows are built before the timer starts, as in the harness.
  let w3Rows: { email: string; name: string }[] = [];
  const w3Reset = async (): Promise<void> => {
    await checkPrevious();
    round++;
    await engine.execute(sql.raw('delete from users where id > ' + String(USERS)));
    w3Rows = Array.from({ length: W3_INSERTS }, (_, i) => ({
      email: `w3-r${round}-${i}@bench.test`,
      name: `New user ${i}`,
    }));
  };
  return [
    {
      name: 'W1 2,000 lookups by primary key',
      raw: async () => {
        const found = [];
        // One text for every lookup, written once (as the harness's constant is).
        const byId = `select ${USER_COLS} from users where id = ${raw.mark(1)}`;
        for (const id of ids()) {
          const rows = await raw.query(byId, [id]);
          found.push(rows[0] as { id: number; email: string });
        }
        checkUsers('raw', found);
      },
      core: async () => {
        const found = [];
        for (const id of ids())
          found.push(
            (await engine.execute(select(users).from(users).where(users.id.eq(id)))).rows[0]!,
          );
        checkUsers('core', found);
      },
      orm: async () => {
        const s = new Session(engine);
        const found = [];
        for (const id of ids()) found.push(await User.get(s, id));
        await s.close();
        checkUsers('orm', found);
      },
    },
    {
      name: 'W2 load 20,000 rows as objects',
      raw: async () => {
        const rows = (await raw.query(`select ${POST_COLS} from posts`)) as {
          id: number;
          author_id: number;
          title: string;
          body: string;
        }[];
        checkPosts('raw', rows, (p: { author_id: number }) => p.author_id);
      },
      core: async () => {
        const { rows } = await engine.execute(select(posts).from(posts));
        checkPosts('core', rows, (p: { authorId: number }) => p.authorId);
      },
      orm: async () => {
        const s = new Session(engine);
        const list = await s.query(Post).all();
        checkPosts('orm', list, (p: { authorId: number }) => p.authorId);
        await s.close();
      },
    },
    {
      name: 'W3 insert 10,000 in one transaction',
      reset: w3Reset,
      finish: checkPrevious,
      raw: async () => {
        await raw.transaction(async (query) => {
          for (const chunk of chunks(w3Rows, CHUNK)) {
            const tuples = new Array<string>(chunk.length);
            const params = new Array<unknown>(chunk.length * 2);
            for (let i = 0; i < chunk.length; i++) {
              tuples[i] = `(${raw.mark(2 * i + 1)}, ${raw.mark(2 * i + 2)})`;
              params[2 * i] = chunk[i]!.email;
              params[2 * i + 1] = chunk[i]!.name;
            }
            await query(`insert into users (email, name) values ${tuples.join(', ')}`, params);
          }
        });
        w3Check('raw');
      },
      core: async () => {
        await engine.transaction(async (tx) => {
          for (const chunk of chunks(w3Rows, CHUNK))
            await tx.execute(
              insertInto(users).values(chunk.map((r) => ({ email: r.email, name: r.name }))),
            );
        });
        w3Check('core');
      },
      orm: async () => {
        const s = new Session(engine);
        const objs = w3Rows.map((r) => new User({ email: r.email, name: r.name }));
        s.addAll(objs);
        await s.commit();
        await s.close();
        let keyed = 0;
        for (const u of objs) if (typeof u.id === 'number') keyed++;
        check('orm W3 objects keyed', keyed, W3_INSERTS);
        w3Check('orm');
      },
    },
    {
      name: 'W4 1,000 users + their 10,000 posts',
      raw: async () => {
        const list = (await raw.query(
          `select ${USER_COLS} from users order by id limit ${raw.mark(1)}`,
          [W4_USERS],
        )) as { id: number; posts: { author_id: number }[] }[];
        const byId = new Map<number, { posts: { author_id: number }[] }>();
        const placeholders = new Array<string>(list.length);
        const keys = new Array<number>(list.length);
        for (let i = 0; i < list.length; i++) {
          const u = list[i]!;
          u.posts = [];
          byId.set(u.id, u);
          keys[i] = u.id;
          placeholders[i] = raw.mark(i + 1);
        }
        const rows = (await raw.query(
          `select ${POST_COLS} from posts where author_id in (${placeholders.join(', ')})`,
          keys,
        )) as { author_id: number }[];
        for (const p of rows) byId.get(p.author_id)!.posts.push(p);
        checkGraph(
          'raw',
          list,
          (u) => u.posts,
          (p) => p.author_id,
        );
      },
      core: async () => {
        const { rows: list } = await engine.execute(
          select(users).from(users).orderBy(users.id.asc()).limit(W4_USERS),
        );
        const { rows: ps } = await engine.execute(
          select(posts)
            .from(posts)
            .where(posts.authorId.in(list.map((u) => u.id))),
        );
        const byUser = new Map(list.map((u) => [u.id, [] as (typeof ps)[number][]]));
        for (const p of ps) byUser.get(p.authorId)!.push(p);
        checkGraph(
          'core',
          list,
          (u) => byUser.get(u.id)!,
          (p) => p.authorId,
        );
      },
      orm: async () => {
        const s = new Session(engine);
        const list = await s
          .query(User)
          .options(selectinload('posts'))
          .orderBy(users.id)
          .limit(W4_USERS)
          .all();
        checkGraph(
          'orm',
          list,
          (u) => u.posts,
          (p) => p.authorId,
        );
        await s.close();
      },
    },
    {
      name: 'W5 change 1,000 rows and save',
      reset: checkPrevious,
      finish: checkPrevious,
      raw: async () => {
        const tag = `raw${++round}`;
        const list = (await raw.query(
          `select ${USER_COLS} from users order by id limit ${raw.mark(1)}`,
          [W5_USERS],
        )) as { id: number; name: string }[];
        for (const u of list) u.name = `upd-${tag}-${u.id}`;
        await raw.updateNames(list);
        w5Check('raw', tag);
      },
      core: async () => {
        const tag = `core${++round}`;
        const { rows: list } = await engine.execute(
          select(users).from(users).orderBy(users.id.asc()).limit(W5_USERS),
        );
        // As the raw side: a joined VALUES table where the dialect has UPDATE ... FROM,
        // else (MySQL/MariaDB) a CASE.
        if (engine.dialect.capabilities.updateFrom !== false) {
          const v = valuesTable(
            'v',
            { id: users.id, name: users.name },
            list.map((u) => ({ id: u.id, name: `upd-${tag}-${u.id}` })),
          );
          await engine.execute(
            update(users).set({ name: v.name }).from(v).where(users.id.eq(v.id)),
          );
        } else {
          await engine.execute(
            update(users)
              .set({
                name: caseWhen(
                  list.map((u) => [users.id.eq(u.id), `upd-${tag}-${u.id}`] as const),
                  users.name,
                ),
              })
              .where(users.id.in(list.map((u) => u.id))),
          );
        }
        w5Check('core', tag);
      },
      orm: async () => {
        const tag = `orm${++round}`;
        const s = new Session(engine);
        const list = await s.query(User).orderBy(users.id).limit(W5_USERS).all();
        for (const u of list) u.name = `upd-${tag}-${u.id}`;
        await s.commit();
        await s.close();
        w5Check('orm', tag);
      },
    },
  ];
}
