/** Shared by the studio tests: the test schema, its tables on a database, and API calls. */
import { request } from 'node:http';
import { compileSchemaSource } from '@dbgen/generator';
import { sql, type Engine, type SchemaIR } from '@dbgen/runtime';
import { TOKEN_HEADER, type RunningStudio } from '@dbgen/cli';
import type { TestDialect } from '../support/databases.js';
import { createTables } from '../support/create-tables.js';

/** users carry a version column (the Project's `dbgen_version_column`); posts do not. */
export const STUDIO_SCHEMA = `
Project studio_test {
  dbgen_version_column: 'version'
}

Table users {
  id integer [pk, increment]
  email varchar(100) [not null, unique]
  name varchar(100) [null]
  version integer [not null, default: 1]
}

Table posts {
  id integer [pk, increment]
  author_id integer [not null, ref: > users.id]
  title varchar(200) [not null]
  views integer [not null, default: 0]
}
`;

export function studioSchema(): SchemaIR {
  const result = compileSchemaSource(STUDIO_SCHEMA, '/studio-test/schema.dbml');
  if (!result.ir) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.ir;
}

/** Creates the schema's tables and five users (Ada and Alan with posts, Grace with none). */
export async function createStudioTables(engine: Engine, dialect: TestDialect): Promise<void> {
  await createTables(engine, studioSchema(), dialect);
  const users: [string, string | null][] = [
    ['ada@example.org', 'Ada Lovelace'],
    ['alan@example.org', 'Alan Turing'],
    ['grace@example.org', 'Grace Hopper'],
    ['edsger@example.org', null],
    ['barbara@example.org', 'Barbara Liskov'],
  ];
  for (const [email, name] of users) {
    await engine.execute(sql`insert into users (email, name) values (${email}, ${name})`);
  }
  const posts: [number, string][] = [
    [1, 'Notes on the Analytical Engine'],
    [1, 'Sketch of the Engine'],
    [2, 'Computing Machinery and Intelligence'],
  ];
  for (const [author, title] of posts) {
    await engine.execute(sql`insert into posts (author_id, title) values (${author}, ${title})`);
  }
}

export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A call of the studio's API with the token (as its page makes them). */
export async function call(
  studio: RunningStudio,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  return raw(studio, method, path, {
    headers: {
      [TOKEN_HEADER]: studio.token,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A request with exactly the headers given (Host defaults to the studio's own). */
export function raw(
  studio: RunningStudio,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | undefined } = {},
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: studio.port,
        method,
        path,
        headers: { host: `127.0.0.1:${studio.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown>;
          try {
            parsed = JSON.parse(text) as Record<string, unknown>;
          } catch {
            parsed = { text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
