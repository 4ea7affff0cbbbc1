// A loopback TCP proxy in front of a service (Postgres, Redis, S3, a webhook,
// SMTP) that injects the faults of the network between: it can "lose" its
// connections silently, the way a NAT, a firewall or a failover drops an idle
// connection (the client's socket stays open and learns nothing until it next
// writes); hang (accept and answer nothing); answer slowly; or refuse.
import net from "node:net";

export type TcpProxy = {
  port: number;
  /** Lose every open connection silently: the next write gets a reset. */
  dropUpstreams: () => void;
  /** Hang: accept writes and never forward or answer them (a stuck server). */
  freeze: () => void;
  /** Go away: close every connection and refuse new ones (a stopped server) until resume(). */
  pause: () => Promise<void>;
  /** Accept connections again, on the same port. */
  resume: () => Promise<void>;
  /** Hang, like a paused machine: hold everything in both directions until unstall(), which delivers it. */
  stall: () => void;
  unstall: () => void;
  /** Deliver every chunk `ms` late, in both directions (0: at once again). */
  slow: (ms: number) => void;
  close: () => Promise<void>;
};

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; dropped: boolean }>();
  let frozen = false;
  let delayMs = 0;
  let held: (() => void)[] | null = null;
  /** Per socket, when its last delayed write is due: later ones never overtake it. */
  const lastDue = new WeakMap<net.Socket, number>();
  /** Writes now, `delayMs` late (in order), or when the stall ends. */
  const send = (to: net.Socket, chunk: Buffer) => {
    const write = () => void (!to.destroyed && to.write(chunk));
    if (held) return void held.push(write);
    const now = Date.now();
    const due = Math.max(now + delayMs, lastDue.get(to) ?? 0);
    if (due <= now) return write();
    lastDue.set(to, due);
    setTimeout(write, due - now);
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream, dropped: false };
    pairs.add(pair);
    client.on("data", (chunk) => {
      // A dropped connection answers the next write by closing: like a reset.
      if (pair.dropped) client.destroy();
      else if (!frozen) send(upstream, chunk);
    });
    upstream.on("data", (chunk) => send(client, chunk));
    upstream.on("close", () => {
      if (!pair.dropped) client.destroy();
    });
    client.on("close", () => {
      upstream.destroy();
      pairs.delete(pair);
    });
    client.on("error", () => {});
    upstream.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const closeAll = async () => {
    for (const pair of pairs) pair.client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    dropUpstreams: () => {
      for (const pair of pairs) {
        pair.dropped = true;
        pair.upstream.destroy();
      }
    },
    freeze: () => {
      frozen = true;
    },
    pause: closeAll,
    stall: () => {
      held ??= [];
    },
    unstall: () => {
      const pending = held ?? [];
      held = null;
      for (const write of pending) write();
    },
    slow: (ms) => {
      delayMs = ms;
    },
    resume: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    close: async () => {
      if (server.listening) await closeAll();
    },
  };
}
