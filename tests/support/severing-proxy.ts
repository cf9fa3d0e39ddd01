/**
 * Test support (owned by conn): a TCP proxy in front of a real database server that can
 * sever every connection through it the way a server restart or a network failure does
 * to a pool: the server side is gone, but each client socket looks alive until it is next
 * used, and then closes. It can also go silent, as a network partition does: every socket
 * stays open and nothing passes either way. Real server, real driver; only the timing is
 * pinned.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  severed: boolean;
}

export class SeveringProxy {
  private readonly pairs = new Set<Pair>();
  private server: Server | null = null;
  /** Nothing passes either way (see {@link silence}). */
  private silent = false;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts listening on a free local port, which it returns. */
  async start(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  private accept(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    const pair: Pair = { client, upstream, severed: false };
    this.pairs.add(pair);
    client.on('data', (data) => {
      if (pair.severed) client.destroy();
      else if (!this.silent) upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (!this.silent) client.write(data);
    });
    upstream.on('close', () => {
      if (!pair.severed) client.destroy();
    });
    client.on('close', () => {
      upstream.destroy();
      this.pairs.delete(pair);
    });
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }

  /** Cuts every open connection: each client finds out on its next write. */
  sever(): number {
    let count = 0;
    for (const pair of this.pairs) {
      if (pair.severed) continue;
      pair.severed = true;
      pair.upstream.destroy();
      count++;
    }
    return count;
  }

  /**
   * From now on nothing passes either way, on open connections and new ones alike; the
   * sockets stay open (a partition: no reset, no close). `speak()` ends it, for new
   * connections (an open one has lost bytes mid-protocol).
   */
  silence(): void {
    this.silent = true;
  }

  speak(): void {
    this.silent = false;
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) pair.client.destroy();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
