// A loopback TCP proxy in front of Postgres that can "lose" its connections
// silently, the way a NAT, a firewall or a failover drops an idle connection:
// the client's socket stays open and learns nothing until it next writes.
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
  close: () => Promise<void>;
};

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; dropped: boolean }>();
  let frozen = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream, dropped: false };
    pairs.add(pair);
    client.on("data", (chunk) => {
      // A dropped connection answers the next write by closing: like a reset.
      if (pair.dropped) client.destroy();
      else if (!frozen) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
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
    resume: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    close: async () => {
      if (server.listening) await closeAll();
    },
  };
}
