/**
 * The few OpenTelemetry API shapes the engine uses, written out so that @dbgen/runtime's
 * types do not depend on `@opentelemetry/api` (an optional peer dependency: an app without
 * tracing has no reason to install it). A Tracer and Span of `@opentelemetry/api` fit these.
 */

/** Attribute values as OpenTelemetry takes them. */
export type OtelAttributes = Record<string, string | number | boolean>;

/** An OpenTelemetry `Span` (the part the engine calls). */
export interface OtelSpan {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error): unknown;
  end(): void;
}

/** An OpenTelemetry `Tracer` (the part the engine calls). */
export interface OtelTracer {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: OtelAttributes },
    context?: unknown,
  ): OtelSpan;
}

/** The part of `@opentelemetry/api` the engine calls, once loaded. */
export interface OtelApi {
  readonly trace: {
    getTracer(name: string, version?: string): OtelTracer;
    setSpan(context: unknown, span: OtelSpan): unknown;
  };
  readonly context: {
    active(): unknown;
    with<T>(context: unknown, work: () => T): T;
  };
  readonly SpanKind: { readonly CLIENT: number; readonly INTERNAL: number };
  readonly SpanStatusCode: { readonly ERROR: number };
}
