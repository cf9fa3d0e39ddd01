/**
 * The engine's observability options (echo, slow-statement threshold, OpenTelemetry
 * tracing), checked and brought to one form. Types only a user writes live here; what the
 * engine does with them lives beside (observer.ts, tracing.ts).
 */
import { ConfigError } from '../errors.js';
import type { OtelTracer } from './otel-types.js';

/**
 * How statements are echoed (SQLAlchemy's `echo=True`): `true` logs each statement with
 * its timing and bound values redacted; `{ values: true }` (or the older `'debug'`) shows
 * the values too, and errors then carry them as well.
 */
export type EchoOption = boolean | 'debug' | { readonly values?: boolean };

/** `tracing: { ... }` of createEngine. */
export interface TracingOptions {
  /**
   * The tracer that makes the spans. Default: `trace.getTracer('@dbgen/runtime')` of
   * `@opentelemetry/api`, i.e. the globally registered tracer provider.
   */
  readonly tracer?: OtelTracer;
  /**
   * Record each bound value as `db.query.parameter.<index>` (default false: values may be
   * personal data, and the OpenTelemetry conventions leave them out by default).
   */
  readonly values?: boolean;
}

/** `tracing` of createEngine: `true` for the global tracer, or {@link TracingOptions}. */
export type TracingOption = boolean | TracingOptions;

/** Echo, normalised: null when off. */
export interface EchoSettings {
  readonly values: boolean;
}

export function readEcho(option: EchoOption | undefined): EchoSettings | null {
  if (option === undefined || option === false) return null;
  if (option === true) return { values: false };
  if (option === 'debug') return { values: true };
  if (typeof option === 'object' && option !== null) {
    checkKeys(option, ['values'], 'echo');
    return { values: option.values === true };
  }
  throw new ConfigError(
    `engine option echo must be true, false, 'debug' or { values: boolean }, got ${describe(option)}`,
  );
}

/** The slow-statement threshold (ms): undefined when none. */
export function readSlowStatementMs(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new ConfigError(
      `engine option slowStatementMs must be a number of milliseconds ≥ 0, got ${describe(value)}`,
    );
  return value;
}

/** Tracing, normalised: null when off. */
export function readTracing(option: TracingOption | undefined): TracingOptions | null {
  if (option === undefined || option === false) return null;
  if (option === true) return {};
  if (typeof option === 'object' && option !== null) {
    checkKeys(option, ['tracer', 'values'], 'tracing');
    if (option.tracer !== undefined && typeof option.tracer?.startSpan !== 'function')
      throw new ConfigError(
        'engine option tracing.tracer must be an OpenTelemetry Tracer (with startSpan), ' +
          `got ${describe(option.tracer)}`,
      );
    return option;
  }
  throw new ConfigError(
    `engine option tracing must be true, false or { tracer?, values? }, got ${describe(option)}`,
  );
}

function checkKeys(option: object, known: readonly string[], name: string): void {
  for (const key of Object.keys(option))
    if (!known.includes(key))
      throw new ConfigError(
        `engine option ${name} has no setting ${JSON.stringify(key)}; it takes ${known.join(', ')}`,
      );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
