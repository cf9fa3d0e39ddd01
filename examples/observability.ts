/**
 * Observability: a listener per statement (for logs and metrics) and OpenTelemetry spans,
 * one per statement and one per ORM flush, nested under the request that caused them.
 * The spans go to an in-memory exporter and are printed as a tree; an app would send them
 * to its collector instead (docs/observability.md).
 *
 *   npx tsx examples/observability.ts
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { createEngine, insertInto, Session, UniqueViolationError } from '@dbgen/runtime';
import { User, users } from '../generated/index.js';
import { runIfMain, type ExampleContext } from './setup.js';

export async function observability({ url, step, show, say }: ExampleContext): Promise<void> {
  step('Observability: OpenTelemetry set up as a Node app does');
  // #region observability-setup
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
  // Spans nest through the active context: register a context manager (NodeSDK does).
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

  const engine = createEngine({ url, tracing: true });
  // #endregion
  say('tracing on: one span per statement and per flush');

  try {
    step('Observability: a listener per statement, for metrics');
    // #region observability-listener
    const perOperation = new Map<string, number>();
    const failures: string[] = [];
    const off = engine.on('statement', (event) => {
      const key = `${event.operation ?? 'raw sql'} ${event.table ?? ''}`.trim();
      perOperation.set(key, (perOperation.get(key) ?? 0) + 1);
      if (event.error) failures.push(`${event.error.name}: ${event.parameters.join(', ')}`);
    });
    // #endregion

    step('Observability: a request, traced');
    // #region observability-request
    const tracer = trace.getTracer('example-app');
    await tracer.startActiveSpan('POST /signup', async (request) => {
      const session = new Session(engine);
      try {
        session.add(new User({ email: 'ada@example.org', username: 'ada' }));
        await session.commit(); // BEGIN, flush (INSERT), COMMIT
      } finally {
        await session.close();
      }
      try {
        await engine.execute(
          insertInto(users).values({ email: 'ada@example.org', username: 'ada2' }),
        );
      } catch (error) {
        if (!(error instanceof UniqueViolationError)) throw error;
      }
      request.end();
    });
    off();
    // #endregion

    show(
      'statements seen by the listener',
      [...perOperation].map(([statement, count]) => ({ statement, count })),
    );
    say(`failed: ${failures.join('; ')}`);
    say('spans (the database name at the end of a name is shown as <db>):');
    for (const line of spanTree(exporter.getFinishedSpans())) say(line);
    const failed = exporter.getFinishedSpans().find((s) => s.status.code === 2)!;
    show(
      'attributes of the failed span',
      ['db.system.name', 'db.operation.name', 'db.collection.name', 'error.type'].map((name) => ({
        name,
        value: String(failed.attributes[name]),
      })),
    );
  } finally {
    await engine.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
  }
}

/** The spans as an indented tree, each under its parent, siblings in the order they ended. */
function spanTree(spans: readonly ReadableSpan[]): string[] {
  const lines: string[] = [];
  const visit = (parentId: string | undefined, depth: number): void => {
    for (const span of spans) {
      if (span.parentSpanContext?.spanId !== parentId) continue;
      const db = span.attributes['db.namespace'];
      const name = typeof db === 'string' ? span.name.replace(db, '<db>') : span.name;
      const status = span.status.code === 2 ? ` [error: ${span.attributes['error.type']}]` : '';
      lines.push(`${'  '.repeat(depth)}${name}${status}`);
      visit(span.spanContext().spanId, depth + 1);
    }
  };
  visit(undefined, 0);
  return lines;
}

await runIfMain(import.meta.url, observability);
