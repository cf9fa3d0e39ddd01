/**
 * The engine's statement observer: echo, the slow-statement threshold, `statement`
 * listeners and OpenTelemetry spans, behind one object. An engine with none of them has
 * no observer at all (`RunSettings.observer` null), and a statement then costs one check.
 */
import { safeLogger } from './safe-logger.js';
import { redact } from '../errors.js';
import type { StatementNode } from '../nodes.js';
import { summarize, type StatementSummary } from './describe-statement.js';
import { UNKNOWN_TARGET, type DatabaseTarget } from './database-target.js';
import { echoLine, slowLine } from './echo.js';
import {
  readEcho,
  readSlowStatementMs,
  readTracing,
  type EchoOption,
  type EchoSettings,
  type TracingOption,
} from './options.js';
import type {
  StatementEvent,
  StatementListener,
  StatementListenerOptions,
} from './statement-event.js';
import { registerTracer, StatementTracer } from './tracing.js';
import type { OtelSpan } from './otel-types.js';

/** One statement being watched: exactly one of `end` / `fail` follows `begin`. */
export interface ObservedStatement {
  end(rowCount: number): void;
  /**
   * `withoutValues`: where `error` shows bound values (the engine shows them), the same
   * failure mapped as an engine that hides them would (for listeners without values).
   */
  fail(error: unknown, withoutValues?: () => Error): void;
}

export interface ObserverSettings {
  readonly echo: EchoSettings | null;
  readonly slowStatementMs: number | undefined;
  readonly tracer: StatementTracer | null;
  readonly logger: (line: string) => void;
  /** The dialect's name now (a MySQL engine learns that it speaks to MariaDB). */
  readonly dialect: () => string;
}

interface Listener {
  readonly listener: StatementListener;
  readonly values: boolean;
}

export class StatementObserver {
  private readonly listeners: Listener[] = [];

  constructor(readonly settings: ObserverSettings) {}

  /** Nothing to do: the engine drops the observer (back to the one-check path). */
  get idle(): boolean {
    const { echo, slowStatementMs, tracer } = this.settings;
    return (
      echo === null &&
      slowStatementMs === undefined &&
      tracer === null &&
      this.listeners.length === 0
    );
  }

  /** Adds a listener; the function returned removes it. */
  add(listener: StatementListener, options: StatementListenerOptions = {}): () => void {
    const entry: Listener = { listener, values: options.values === true };
    this.listeners.push(entry);
    return () => {
      const at = this.listeners.indexOf(entry);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /**
   * Starts watching a statement. `node` is the builder's statement (null for the engine's
   * own transaction control).
   */
  begin(
    sql: string,
    parameters: readonly unknown[],
    node: StatementNode | null,
    inTransaction: boolean,
  ): ObservedStatement {
    return new Observation(this, sql, parameters, node, inTransaction);
  }

  /** @internal */
  report(
    observation: Observation,
    rowCount: number | undefined,
    error: Error | undefined,
    withoutValues?: () => Error,
  ): void {
    const { echo, slowStatementMs, tracer, logger } = this.settings;
    const durationMs = performance.now() - observation.started;
    const { sql, parameters } = observation;
    if (echo !== null)
      logger(echoLine(durationMs, sql, parameters, echo.values, error !== undefined));
    const slow = slowStatementMs !== undefined && durationMs > slowStatementMs;
    if (slow) logger(slowLine(durationMs, slowStatementMs, sql, parameters, echo?.values === true));
    if (observation.span !== null)
      tracer!.endStatement(observation.span, observation.summary, { rowCount, error });
    if (this.listeners.length > 0)
      this.tell(observation, { durationMs, rowCount, error, slow }, withoutValues);
  }

  private tell(
    observation: Observation,
    outcome: Pick<StatementEvent, 'durationMs' | 'rowCount' | 'error' | 'slow'>,
    withoutValues: (() => Error) | undefined,
  ): void {
    const summary = observation.summary;
    const base = {
      sql: observation.sql,
      ...outcome,
      dialect: this.settings.dialect(),
      inTransaction: observation.inTransaction,
      operation: summary.operation,
      table: summary.table,
    };
    let redacted: StatementEvent | undefined;
    let real: StatementEvent | undefined;
    // Over a copy: a listener that removes itself (or another) skips no one this time.
    for (const { listener, values } of [...this.listeners]) {
      // The values are copied: a listener that keeps them sees what was sent, whatever
      // becomes of the statement's array afterwards.
      const event = values
        ? (real ??= Object.freeze({
            ...base,
            parameters: Object.freeze([...observation.parameters]),
          }))
        : (redacted ??= Object.freeze({
            ...base,
            // Its error too: a message, parameters and driver error without the values.
            ...(withoutValues === undefined ? {} : { error: withoutValues() }),
            parameters: redact(observation.parameters),
          }));
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch((error: unknown) => this.listenerFailed(error));
      } catch (error) {
        this.listenerFailed(error);
      }
    }
  }

  private listenerFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.settings.logger(`[dbgen] a statement listener failed: ${message}`);
  }
}

class Observation implements ObservedStatement {
  readonly started = performance.now();
  readonly span: OtelSpan | null;
  private summarized: StatementSummary | undefined;
  private done = false;

  constructor(
    private readonly observer: StatementObserver,
    readonly sql: string,
    readonly parameters: readonly unknown[],
    private readonly node: StatementNode | null,
    readonly inTransaction: boolean,
  ) {
    const tracer = observer.settings.tracer;
    this.span =
      tracer === null
        ? null
        : tracer.startStatement(observer.settings.dialect(), this.summary, sql, parameters);
  }

  get summary(): StatementSummary {
    return (this.summarized ??= summarize(this.node, this.sql));
  }

  end(rowCount: number): void {
    if (this.done) return;
    this.done = true;
    this.observer.report(this, rowCount, undefined);
  }

  fail(error: unknown, withoutValues?: () => Error): void {
    if (this.done) return;
    this.done = true;
    this.observer.report(
      this,
      undefined,
      error instanceof Error ? error : new Error(String(error)),
      withoutValues,
    );
  }
}

/** What an engine is given to observe with (its options, checked here). */
export interface EngineObserveOptions {
  readonly echo?: EchoOption | undefined;
  readonly logger?: ((line: string) => void) | undefined;
  readonly slowStatementMs?: number | undefined;
  readonly tracing?: TracingOption | undefined;
  /** Where the database is, for spans (createEngine reads it from the URL). */
  readonly database?: DatabaseTarget | undefined;
}

/**
 * The observer of a new engine (kept by the engine for `on()`, idle when nothing is on),
 * and what its settings need: whether errors show values, and the logger. With tracing,
 * the engine's tracer is registered for the ORM's spans.
 */
export function engineObserver(
  engine: object,
  options: EngineObserveOptions,
  dialect: () => string,
): { observer: StatementObserver; showValues: boolean; logger: (line: string) => void } {
  const echo = readEcho(options.echo);
  const slowStatementMs = readSlowStatementMs(options.slowStatementMs);
  const tracing = readTracing(options.tracing);
  const logger = safeLogger(options.logger ?? ((line: string) => console.log(line)));
  const tracer =
    tracing === null ? null : new StatementTracer(tracing, options.database ?? UNKNOWN_TARGET);
  if (tracer !== null) registerTracer(engine, tracer, dialect);
  return {
    observer: new StatementObserver({ echo, slowStatementMs, tracer, logger, dialect }),
    showValues: echo?.values === true,
    logger,
  };
}
