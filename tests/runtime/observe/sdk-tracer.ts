// The real OpenTelemetry SDK as a Node app registers it, for the tracing tests: an
// in-memory exporter behind a simple processor, the AsyncLocalStorage context manager, set
// globally before the file's tests and taken down after them; spans cleared before each.
import { after, before, beforeEach } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** Registers the SDK for this test file (call at its top level); its exporter and provider. */
export function registerSdkTracer(): {
  exporter: InMemorySpanExporter;
  provider: BasicTracerProvider;
} {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  before(() => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(contextManager);
  });
  after(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());
  return { exporter, provider };
}
