/**
 * PostgreSQL's cancel request: a 16-byte message on a new socket naming the backend (its
 * process id and secret key). It needs no login and no connection slot, and the server
 * closes the socket once it has signalled the backend, so waiting for that close means
 * the cancel cannot land on a later statement of the same connection (a backend reading
 * its next command ignores a cancel).
 */
import { connect, type Socket } from 'node:net';
import type pg from 'pg';

/** The fields of a connected `pg.Client` that a cancel request needs (public, untyped). */
interface BackendKey {
  readonly host: string;
  readonly port: number;
  readonly processID: number | null;
  readonly secretKey: number | null;
}

const CANCEL_REQUEST_CODE = 80877102;

/** Sends a cancel request for the statement running on `client`; resolves when done. */
export function sendCancelRequest(client: pg.PoolClient, timeoutMs: number): Promise<void> {
  const key = client as unknown as BackendKey;
  if (key.processID === null || key.secretKey === null) return Promise.resolve();
  const message = Buffer.alloc(16);
  message.writeInt32BE(16, 0);
  message.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  message.writeInt32BE(key.processID, 8);
  message.writeInt32BE(key.secretKey, 12);
  return new Promise((resolve) => {
    const socket: Socket = key.host.startsWith('/')
      ? connect(`${key.host}/.s.PGSQL.${key.port}`)
      : connect(key.port, key.host);
    // A server that never answers must not hold the caller forever: the statement's
    // promise settles on its own once the cancel lands, or the connection dies.
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    timer.unref();
    // Written, not ended: the server closes the socket when done (as libpq waits for it).
    // A half-close right after the message makes PgBouncer 1.18 drop the request as
    // "client unexpected eof" and, racing the forwarded cancel, abort (disconnect_client:
    // bad client state).
    socket.once('connect', () => socket.write(message));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.on('error', () => undefined);
  });
}
