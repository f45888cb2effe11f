/**
 * A service address in front of a service's replicas, as a Kubernetes Service would be: a loopback TCP
 * port that hands each new connection to the next replica in turn, and to the one after it when that
 * replica refuses (killed or not started yet). Balancing is per connection, so a kept-alive connection
 * stays on its replica until the replica dies; the client's next connection goes to a live one.
 */
import { createServer, connect, Server, Socket } from 'node:net';

export class RoundRobin {
  private server?: Server;
  private next = 0;
  private readonly open = new Set<Socket>();

  /** `ports()` is read on every connection, so replicas may come and go. */
  constructor(private readonly ports: () => number[]) {}

  listen(port: number): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
  }

  close(): Promise<void> {
    for (const s of this.open) s.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    client.pause();
    client.on('error', () => client.destroy());
    const ports = this.ports();
    const start = this.next++;
    const attempt = (tried: number): void => {
      if (tried >= ports.length) return void client.destroy();
      const upstream = connect(ports[(start + tried) % ports.length], '127.0.0.1');
      upstream.once('error', () => {
        upstream.destroy();
        attempt(tried + 1);
      });
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        this.open.add(client).add(upstream);
        client.once('close', () => this.open.delete(client));
        upstream.once('close', () => this.open.delete(upstream));
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    attempt(0);
  }
}
