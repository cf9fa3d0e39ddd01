// `dbgen lsp` on the 1,000-table synthetic schema of parse.bench.ts, through a real stdio
// client (the tests' client): how long an editor waits for each answer. Wall time of the
// round trip, median of DBGEN_BENCH_RUNS (default 10) after one warm-up. No target is
// asserted; the numbers go to the report.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  HoverRequest,
  ReferencesRequest,
  RenameRequest,
} from 'vscode-languageserver-protocol';
import { LspClient, positionOf, uriOf } from '../tests/lsp/client.js';
import { syntheticSchema } from './parse.bench.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export default async function bench(): Promise<void> {
  const runs = Number(process.env['DBGEN_BENCH_RUNS'] ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-lsp-bench-'));
  const path = join(dir, 'schema.dbml');
  const source = syntheticSchema();
  writeFileSync(path, source);
  const client = new LspClient(dir);
  const uri = uriOf(path);
  const doc = { textDocument: { uri } };
  // `t500.id`: a table with refs from elsewhere in the file.
  const t500 = positionOf(source, 'Table t500 {', 0, 7);
  const column = positionOf(source, '> t500.id', 0, 7);
  try {
    await client.initialize(dir);
    const rows: [string, number][] = [];
    const time = async (name: string, action: (run: number) => Promise<unknown>) => {
      const times: number[] = [];
      for (let run = 0; run <= runs; run++) {
        const start = performance.now();
        await action(run);
        if (run > 0) times.push(performance.now() - start);
      }
      rows.push([name, median(times)]);
    };
    let version = 1;
    await time('open → diagnostics', async (run) => {
      const seen = client.diagnosticsCount(uri);
      if (run === 0) await client.open(path, source);
      else await client.change(path, `${source}// ${run}\n`, ++version);
      if (run > 0) await client.nextDiagnostics(uri, seen);
    });
    const request = <T>(promise: Promise<T>) => client.alive(promise);
    // Typing: ten edits sent back to back, then a hover. Its wait is timed; the check of
    // the last edit, which follows once the edits pause, is awaited after the timer.
    const afterEdits: number[] = [];
    for (let run = 0; run <= runs; run++) {
      const seen = client.diagnosticsCount(uri);
      const start = performance.now();
      for (let edit = 0; edit < 10; edit++)
        await client.change(path, `${source}// ${run}.${edit}\n`, ++version);
      await request(client.connection.sendRequest(HoverRequest.type, { ...doc, position: t500 }));
      if (run > 0) afterEdits.push(performance.now() - start);
      await client.nextDiagnostics(uri, seen);
    }
    rows.push(['hover after 10 quick edits', median(afterEdits)]);
    await time('hover (table)', () =>
      request(client.connection.sendRequest(HoverRequest.type, { ...doc, position: t500 })),
    );
    await time('definition (column)', () =>
      request(client.connection.sendRequest(DefinitionRequest.type, { ...doc, position: column })),
    );
    await time('references (table)', () =>
      request(
        client.connection.sendRequest(ReferencesRequest.type, {
          ...doc,
          position: t500,
          context: { includeDeclaration: true },
        }),
      ),
    );
    await time('rename (column)', () =>
      request(
        client.connection.sendRequest(RenameRequest.type, {
          ...doc,
          position: column,
          newName: 'ident',
        }),
      ),
    );
    await time('completion (columns after `t500.`)', () =>
      request(
        client.connection.sendRequest(CompletionRequest.type, {
          ...doc,
          position: positionOf(source, '> t500.id', 0, 7),
        }),
      ),
    );
    await time('formatting', () =>
      request(
        client.connection.sendRequest(DocumentFormattingRequest.type, {
          ...doc,
          options: { tabSize: 2, insertSpaces: true },
        }),
      ),
    );
    console.log(`1000 tables, 1500 refs, ${source.length} bytes; median of ${runs} runs\n`);
    console.log('| request | median ms |\n| --- | --- |');
    for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} |`);
    await client.close();
  } finally {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
