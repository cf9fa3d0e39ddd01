/**
 * OpenTelemetry spans for statements (one CLIENT span each, after the database semantic
 * conventions) and for the ORM's units of work (an INTERNAL span, under which the
 * statements it sends nest). `@opentelemetry/api` is an optional peer dependency: it is
 * required only when an engine is created with `tracing`, never otherwise.
 */
import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';
import { dbSystemName, type DatabaseTarget } from './database-target.js';
import { messageWithoutValues } from './hidden-values.js';
import type { StatementSummary } from './describe-statement.js';
import type { OtelApi, OtelAttributes, OtelSpan, OtelTracer } from './otel-types.js';
import type { TracingOptions } from './options.js';

const requireHere = createRequire(import.meta.url);

/** Loads `@opentelemetry/api`, or says how to install it. */
function loadOtelApi(): OtelApi {
  try {
    return requireHere('@opentelemetry/api') as OtelApi;
  } catch (error) {
    throw new ConfigError(
      'engine option tracing needs the @opentelemetry/api package (an optional peer ' +
        'dependency of @dbgen/runtime): npm install @opentelemetry/api',
      { cause: error },
    );
  }
}

/** What a span of a statement is told when the statement ends. */
export interface StatementOutcome {
  readonly rowCount: number | undefined;
  readonly error: Error | undefined;
}

export class StatementTracer {
  private readonly api: OtelApi;
  private readonly tracer: OtelTracer;
  private readonly values: boolean;

  constructor(
    options: TracingOptions,
    private readonly target: DatabaseTarget,
  ) {
    this.api = loadOtelApi();
    this.tracer = options.tracer ?? this.api.trace.getTracer('@dbgen/runtime');
    this.values = options.values === true;
  }

  /** Starts a statement's span (a child of the active span, if any). */
  startStatement(
    dialect: string,
    summary: StatementSummary,
    sql: string,
    parameters: readonly unknown[],
  ): OtelSpan {
    const attributes = this.baseAttributes(dialect);
    attributes['db.query.text'] = sql;
    if (summary.operation !== undefined) attributes['db.operation.name'] = summary.operation;
    if (summary.table !== undefined) attributes['db.collection.name'] = summary.table;
    if (this.values)
      for (let i = 0; i < parameters.length; i++)
        attributes[`db.query.parameter.${i}`] = String(parameters[i]);
    return this.tracer.startSpan(spanName(summary, this.target, attributes), {
      kind: this.api.SpanKind.CLIENT,
      attributes,
    });
  }

  endStatement(span: OtelSpan, summary: StatementSummary, outcome: StatementOutcome): void {
    const { error, rowCount } = outcome;
    if (error !== undefined) {
      span.setAttribute('error.type', errorType(error));
      const code = (error as { driverCode?: unknown }).driverCode;
      if (typeof code === 'string' || typeof code === 'number')
        span.setAttribute('db.response.status_code', String(code));
      this.recordFailure(span, error);
    } else if (summary.returnsRows && rowCount !== undefined) {
      span.setAttribute('db.response.returned_rows', rowCount);
    }
    span.end();
  }

  /**
   * Runs `work` inside an INTERNAL span `name` made the active one, so that the statements
   * `work` sends become its children (through the registered context manager).
   */
  async inSpan<T>(
    name: string,
    dialect: string,
    attributes: OtelAttributes,
    work: () => Promise<T>,
  ): Promise<T> {
    const span = this.tracer.startSpan(name, {
      kind: this.api.SpanKind.INTERNAL,
      attributes: { ...this.baseAttributes(dialect), ...attributes },
    });
    const context = this.api.trace.setSpan(this.api.context.active(), span);
    try {
      return await this.api.context.with(context, work);
    } catch (error) {
      const thrown = error instanceof Error ? error : new Error(String(error));
      span.setAttribute('error.type', errorType(thrown));
      this.recordFailure(span, thrown);
      throw error;
    } finally {
      span.end();
    }
  }

  /**
   * The exception event and error status of a failed span. Without `values: true` they
   * take the error's message without bound values (an engine showing values in its errors,
   * `echo: { values: true }`, still traces none), and the event is given a copy of the
   * error's name, code, message and stack, never the error with its `cause` (the driver's
   * error, which may quote values).
   */
  private recordFailure(span: OtelSpan, error: Error): void {
    if (this.values) {
      span.recordException(error);
      span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: error.message });
      return;
    }
    const message = messageWithoutValues(error);
    const shown: Error & { code?: unknown } = { name: error.name, message };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') shown.code = code;
    if (error.stack !== undefined) {
      const stack = error.stack.replace(error.message, message);
      // A stack that words the message otherwise: its first line only, never the values.
      shown.stack =
        message === error.message || !stack.includes(error.message)
          ? stack
          : `${error.name}: ${message}`;
    }
    span.recordException(shown);
    span.setStatus({ code: this.api.SpanStatusCode.ERROR, message });
  }

  private baseAttributes(dialect: string): OtelAttributes {
    const attributes: OtelAttributes = { 'db.system.name': dbSystemName(dialect) };
    const { namespace, address, port } = this.target;
    if (namespace !== undefined) attributes['db.namespace'] = namespace;
    if (address !== undefined) attributes['server.address'] = address;
    if (port !== undefined) attributes['server.port'] = port;
    return attributes;
  }
}

/**
 * `{db.operation.name} {target}` (target: the table, else the database), the operation
 * alone, the target alone, else `db.system.name`: the conventions' span name.
 */
function spanName(
  summary: StatementSummary,
  target: DatabaseTarget,
  attributes: OtelAttributes,
): string {
  const where = summary.table ?? target.namespace;
  if (summary.operation !== undefined)
    return where === undefined ? summary.operation : `${summary.operation} ${where}`;
  return where ?? String(attributes['db.system.name']);
}

/** `error.type`: the error's class (`UniqueViolationError`, `TimeoutError`, ...). */
function errorType(error: Error): string {
  return error.name || error.constructor.name || 'Error';
}

// The tracer of each traced engine, for the ORM's spans (the ORM holds the engine, not
// its settings). A WeakMap: an engine without tracing costs one failed lookup per flush.
const tracers = new WeakMap<object, { tracer: StatementTracer; dialect: () => string }>();

/** @internal Records the tracer of `engine` (called by the Engine when tracing is on). */
export function registerTracer(
  engine: object,
  tracer: StatementTracer,
  dialect: () => string,
): void {
  tracers.set(engine, { tracer, dialect });
}

/**
 * @internal Runs `work` in an INTERNAL span `name` when `engine` traces (else just runs
 * it): the ORM wraps each flush in one, so its statements' spans nest under it.
 */
export function traced<T>(
  engine: object,
  name: string,
  attributes: () => OtelAttributes,
  work: () => Promise<T>,
): Promise<T> {
  const entry = tracers.get(engine);
  if (entry === undefined) return work();
  return entry.tracer.inSpan(name, entry.dialect(), attributes(), work);
}
