/**
 * The studio's web server (node:http: a handful of JSON routes and three static files do
 * not pay for a framework). It listens on 127.0.0.1 only. Every API request must carry the
 * random token of the URL it prints in the `X-Studio-Token` header: a header, not a
 * cookie, so another site cannot make the browser send it (no CSRF), and a cross-origin
 * request with that header needs a CORS preflight the server never grants. The Host header
 * must name the loopback address (a DNS-rebinding page has its own host name) and an Origin,
 * when sent, must be the studio's own.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConnectionError,
  DbgenError,
  PoolTimeoutError,
  type Engine,
  type SchemaIR,
} from '@dbgen/runtime';
import { API_ROUTES, type ApiContext } from './api.js';
import { readAsset } from './assets.js';
import { StudioCatalog } from './catalog.js';
import { StudioError } from './errors.js';
import { UnitOfWork } from './unit-of-work.js';

/** The request header every API call must carry the studio's token in. */
export const TOKEN_HEADER = 'x-studio-token';
const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK = '127.0.0.1';

/** Options of {@link startStudio}. */
export interface StudioOptions {
  /** The engine of the database to browse; the caller closes it after `close()`. */
  readonly engine: Engine;
  /** The schema whose tables are browsed. */
  readonly schema: SchemaIR;
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The token; random (24 bytes, base64url) unless given (tests). */
  readonly token?: string;
  /** Where unexpected server errors are logged (default stderr). */
  readonly log?: (line: string) => void;
}

/** A studio that is serving: where to open it, and how to stop it. */
export interface RunningStudio {
  /** The URL to open, token included: `http://127.0.0.1:<port>/?token=<token>`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`, the only origin the studio accepts. */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** Stops listening; staged changes are dropped (they were never written). */
  close(): Promise<void>;
}

/** Starts the studio server on 127.0.0.1 and resolves once it listens. */
export async function startStudio(options: StudioOptions): Promise<RunningStudio> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const catalog = new StudioCatalog(options.schema);
  const context: ApiContext = {
    engine: options.engine,
    catalog,
    work: new UnitOfWork(options.engine, catalog),
  };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let port = 0;
  const server = createServer((request, response) => {
    handle(request, response, { context, token, port: () => port }).catch((error: unknown) => {
      log(`dbgen studio: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent)
        send(response, 500, { error: `internal error: ${(error as Error).message}` });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${LOOPBACK}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Handling {
  readonly context: ApiContext;
  readonly token: string;
  readonly port: () => number;
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  { context, token, port }: Handling,
): Promise<void> {
  const refusal = refuseForeign(request, port());
  if (refusal !== null) return send(response, 403, { error: refusal });
  const url = new URL(request.url ?? '/', `http://${LOOPBACK}`);
  const method = request.method ?? 'GET';

  if (!url.pathname.startsWith('/api/')) {
    const asset = method === 'GET' ? await readAsset(url.pathname) : null;
    if (!asset) return send(response, 404, { error: `not found: ${method} ${url.pathname}` });
    response.writeHead(200, { 'content-type': asset.type, ...SECURITY_HEADERS });
    response.end(asset.body);
    return;
  }

  if (!hasToken(request, token)) {
    return send(response, 401, { error: `missing or wrong ${TOKEN_HEADER} header` });
  }
  const idMatch = /^\/api\/changes\/([^/]+)$/.exec(url.pathname);
  const route = idMatch ? `${method} /api/changes/:id` : `${method} ${url.pathname}`;
  const handler = API_ROUTES[route];
  if (!handler) return send(response, 404, { error: `no such API: ${method} ${url.pathname}` });
  try {
    const body = method === 'POST' ? await readJson(request) : undefined;
    send(response, 200, await handler(context, body, idMatch?.[1] ?? null));
  } catch (error) {
    // A database that cannot be reached, or stopped answering (its statement given up,
    // or no connection came back to the pool): the page says so, and nothing was written.
    if (error instanceof ConnectionError || error instanceof PoolTimeoutError) {
      return send(response, 503, {
        error: `database not answering: ${error.message.split('\n')[0]}`,
      });
    }
    // The database refusing a read (a value out of its type's range, say) is the user's to
    // see and fix, not a server failure.
    if (error instanceof DbgenError) {
      return send(response, 422, { error: error.message.split('\n')[0] });
    }
    if (!(error instanceof StudioError)) throw error;
    send(response, error.status, { error: error.message, ...error.details });
  }
}

/** Why a request from outside the studio's own page is refused, or null when it is not. */
function refuseForeign(request: IncomingMessage, port: number): string | null {
  const allowed = [`${LOOPBACK}:${port}`, `localhost:${port}`];
  const host = request.headers.host;
  if (host === undefined || !allowed.includes(host)) {
    return `refused: Host ${JSON.stringify(host ?? null)} is not the studio's (${allowed[0]})`;
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowed.some((a) => origin === `http://${a}`)) {
    return `refused: requests from origin ${JSON.stringify(origin)} are not allowed`;
  }
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    return 'refused: cross-site request';
  }
  return null;
}

function hasToken(request: IncomingMessage, token: string): boolean {
  const given = request.headers[TOKEN_HEADER];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw new StudioError(
      415,
      `expected Content-Type application/json, found ${JSON.stringify(type)}`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new StudioError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StudioError(400, `the request body is not JSON: ${(error as Error).message}`);
  }
}

// The page loads nothing from elsewhere and may not be framed; the token in its URL is
// never sent on as a Referer.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...SECURITY_HEADERS,
  });
  response.end(JSON.stringify(body));
}
