/**
 * Lifecycle events and default criteria (docs/events.md): an app whose sessions are
 * scoped to a tenant, whose tasks are soft-deleted, and whose every write leaves a row in
 * an audit log, written by one `afterFlush` handler shared by all sessions.
 *
 * The app has its own small schema (below), compiled by dbgen's generator; its models are
 * written here as `dbgen generate` would emit them (docs/contracts.md), to keep this file
 * whole.
 *
 *   npx tsx examples/events-and-filters.ts
 */
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { compileSchemaSource } from '@dbgen/generator';
import {
  createEngine,
  createSchemaSql,
  defineTable,
  Model,
  registerModel,
  Session,
  SessionEvents,
  sql,
  TenantViolationError,
  type Column,
  type TableIR,
} from '@dbgen/runtime';
import { runIfMain, type ExampleContext } from './setup.js';

// #region events-schema
const SCHEMA = `
Table projects {
  id integer [pk, increment]
  tenant_id integer [not null]
  name varchar [not null]
}
Table tasks {
  id integer [pk, increment]
  tenant_id integer [not null]
  project_id integer [not null, ref: > projects.id]
  title varchar [not null]
  deleted_at timestamp
  Note: '@dbgen softDelete: deleted_at'
}
Table audit_log {
  id integer [pk, increment]
  tenant_id integer [not null]
  action varchar [not null]
  model varchar [not null]
  row_id integer [not null]
  columns varchar [not null]
}
`;
// #endregion

const compiled = compileSchemaSource(SCHEMA, 'events-example.dbml');
if (!compiled.ir) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
const ir = compiled.ir;
const tableIR = (name: string): TableIR => ir.tables.find((t) => t.name === name)!;

// ---- what `dbgen generate` emits for this schema, in short --------------------------------
type C<T> = Column<T>;
const projects = defineTable<{ id: C<number>; tenantId: C<number>; name: C<string> }>(
  tableIR('projects'),
);
const tasks = defineTable<{
  id: C<number>;
  tenantId: C<number>;
  projectId: C<number>;
  title: C<string>;
  deletedAt: C<Date | null>;
}>(tableIR('tasks'));
const auditLog = defineTable<{
  id: C<number>;
  tenantId: C<number>;
  action: C<string>;
  model: C<string>;
  rowId: C<number>;
  columns: C<string>;
}>(tableIR('audit_log'));

class Project extends Model {
  static readonly c = projects;
  declare id: number;
  declare tenantId: number;
  declare name: string;
  declare tasks: Task[];
  constructor(init: { name: string; tenantId?: number; tasks?: Task[] }) {
    super(init);
  }
}
class Task extends Model {
  static readonly c = tasks;
  declare id: number;
  declare tenantId: number;
  declare projectId: number;
  declare title: string;
  declare deletedAt: Date | null;
  declare project: Project;
  constructor(init: { title: string; project?: Project; projectId?: number }) {
    super(init);
  }
}
class AuditLog extends Model {
  static readonly c = auditLog;
  declare id: number;
  declare tenantId: number;
  declare action: string;
  declare model: string;
  declare rowId: number;
  declare columns: string;
  constructor(init: { action: string; model: string; rowId: number; columns: string }) {
    super(init);
  }
}
registerModel(Project, projects, { tasks: () => Task });
registerModel(Task, tasks, { project: () => Project });
registerModel(AuditLog, auditLog, {});
// ---------------------------------------------------------------------------------------------

// #region events-audit
/** The app's handlers, shared by every session it opens. */
const appEvents = new SessionEvents<Session>();
appEvents.on('afterFlush', ({ session, inserted, updated, deleted }) => {
  const entry = (action: string, object: Model, columns: string[]) =>
    new AuditLog({
      action,
      model: object.constructor.name,
      rowId: (object as Project | Task).id,
      columns: columns.join(' '),
    });
  for (const { object, changes } of inserted)
    if (!(object instanceof AuditLog)) session.add(entry('insert', object, Object.keys(changes)));
  for (const { object, changes } of updated)
    session.add(entry('update', object, Object.keys(changes)));
  for (const object of deleted) session.add(entry('delete', object, []));
  // The audit rows are flushed in a second pass of the same flush, in the same transaction.
});
/** A session of one tenant: every read and write is scoped to it. */
const sessionOf = (engine: ExampleContext['engine'], tenant: number) =>
  new Session(engine, { tenant, events: appEvents });
// #endregion

export async function eventsAndFilters({ engine, url, dialect, step, show, say }: ExampleContext) {
  for (const statement of createSchemaSql(ir, dialect)) await engine.execute(sql.raw(statement));
  const acme = sessionOf(engine, 1);
  const globex = sessionOf(engine, 2);
  try {
    step('Events: every write leaves an audit row (afterFlush); tenant_id is set by the session');
    // #region events-write
    acme.add(
      new Project({
        name: 'Launch',
        tasks: [new Task({ title: 'Write docs' }), new Task({ title: 'Ship it' })],
      }),
    );
    await acme.commit();
    globex.add(new Project({ name: 'Secret', tasks: [new Task({ title: 'Plan' })] }));
    await globex.commit();
    // #endregion

    step('Tenant scoping: a session sees only its tenant');
    // #region events-tenant
    const mine = await acme.query(Task).orderBy(Task.c.id).all();
    say(`acme sees tasks: ${mine.map((t) => t.title).join(', ')}`);
    const plan = (await globex.query(Task).one()).id;
    say(`acme get(Task, ${plan}) of globex: ${String(await acme.get(Task, plan))}`);
    // #endregion

    step('Soft delete: delete() sets deleted_at; loads hide the row; withDeleted() shows it');
    // #region events-soft-delete
    acme.delete(mine[1]!);
    await acme.commit();
    const live = await acme.query(Task).all();
    const all = await acme.query(Task).withDeleted().orderBy(Task.c.id).all();
    say(`after delete: ${live.map((t) => t.title).join(', ')}`);
    say(
      `withDeleted(): ${all.map((t) => `${t.title}${t.deletedAt === null ? '' : ' (deleted)'}`).join(', ')}`,
    );
    // #endregion

    step('A write into another tenant fails with a clear error, and nothing is written');
    // #region events-violation
    const task = mine[0]!;
    const theirs = (await globex.query(Project).one()).id;
    task.projectId = theirs;
    try {
      await acme.commit();
    } catch (error) {
      if (error instanceof TenantViolationError) say(`TenantViolationError: ${error.message}`);
    }
    // #endregion

    step('Tracing: the same app with OpenTelemetry spans, one per statement and per flush');
    // #region events-tracing
    // An app registers its tracer provider (NodeSDK) and sends spans to its collector; here
    // they go to memory and are printed (docs/observability.md).
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const traced = createEngine({ url, tracing: { tracer: provider.getTracer('tasks-app') } });
    const tracedAcme = new Session(traced, { tenant: 1, events: appEvents });
    try {
      const project = await tracedAcme.query(Project).one();
      tracedAcme.add(new Task({ title: 'Trace it', projectId: project.id }));
      await tracedAcme.commit();
    } finally {
      await tracedAcme.close();
      await traced.close();
    }
    const spans = exporter.getFinishedSpans();
    const named = spans.filter(
      (s) => s.name === 'session.flush' || s.attributes['db.collection.name'] !== undefined,
    );
    say(`spans: ${named.map((s) => s.name).join(' | ')}`);
    // #endregion

    step('The audit log (read on the engine: no tenant filter there)');
    const log = await engine.execute(
      sql`select tenant_id, action, model, row_id, columns from audit_log order by id`,
    );
    show('audit_log', log.rows);
  } finally {
    await acme.close();
    await globex.close();
    for (const name of ['audit_log', 'tasks', 'projects'])
      await engine.execute(sql`drop table if exists ${sql.id(name)}`);
  }
}

await runIfMain(import.meta.url, eventsAndFilters);
