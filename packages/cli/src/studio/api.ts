/**
 * The studio's JSON API, one handler per route. The server has checked the token, the
 * Host and the Origin before a handler runs; a handler reads the JSON body it was given
 * and returns what to send, or throws a {@link StudioError}.
 *
 *   GET    /api/schema             tables, columns, keys, relations both ways
 *   POST   /api/rows               { table, filters, sort, limit, offset } → { rows, total }
 *   GET    /api/changes            the staged changes with their SQL
 *   POST   /api/changes            stage { kind, table, values, original }
 *   DELETE /api/changes/<id>       unstage one
 *   POST   /api/commit             run them all in one transaction (409 on a stale row)
 *   POST   /api/discard            drop them all
 */
import type { Engine } from '@dbgen/runtime';
import type { StudioCatalog, StudioTable } from './catalog.js';
import { browse, FILTER_OPERATORS, type BrowseRequest } from './browse.js';
import { StudioError } from './errors.js';
import type { ChangeRequest, UnitOfWork } from './unit-of-work.js';

export interface ApiContext {
  readonly engine: Engine;
  readonly catalog: StudioCatalog;
  readonly work: UnitOfWork;
}

export type ApiHandler = (
  context: ApiContext,
  body: unknown,
  id: string | null,
) => Promise<unknown>;

/** `METHOD path` → handler; `/api/changes/<id>` is looked up as `DELETE /api/changes/:id`. */
export const API_ROUTES: Readonly<Record<string, ApiHandler>> = {
  'GET /api/schema': async ({ engine, catalog }) => ({
    dialect: engine.dialect.name,
    operators: FILTER_OPERATORS,
    tables: catalog.all().map(describeTable),
  }),
  'POST /api/rows': async ({ engine, catalog }, body) => {
    const request = objectBody(body) as BrowseRequest & { table?: unknown };
    return browse(engine, catalog.table(request.table), request);
  },
  'GET /api/changes': async ({ work }) => ({ changes: work.list() }),
  'POST /api/changes': async ({ work }, body) => ({
    change: await work.stage(objectBody(body) as unknown as ChangeRequest),
    changes: work.list(),
  }),
  'DELETE /api/changes/:id': async ({ work }, _body, id) => {
    const number = Number(id);
    if (!Number.isSafeInteger(number))
      throw new StudioError(400, `bad change id ${JSON.stringify(id)}`);
    await work.unstage(number);
    return { changes: work.list() };
  },
  'POST /api/commit': async ({ work }) => ({ ...(await work.commit()), changes: work.list() }),
  'POST /api/discard': async ({ work }) => ({
    discarded: await work.discard(),
    changes: work.list(),
  }),
};

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new StudioError(400, 'the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function describeTable(table: StudioTable) {
  return {
    key: table.key,
    name: table.ir.name,
    schema: table.ir.schema,
    note: table.ir.note,
    primaryKey: table.primaryKey,
    versionColumn: table.versionColumn,
    columns: table.ir.columns.map((c) => ({
      name: c.name,
      type: c.type.raw,
      logical: c.type.logical,
      array: c.type.arrayDims > 0,
      nullable: c.nullable,
      primaryKey: table.primaryKey.includes(c.name),
      autoIncrement: c.autoIncrement,
      hasDefault: c.default !== null,
      note: c.note,
    })),
    parents: table.parents,
    children: table.children,
  };
}
