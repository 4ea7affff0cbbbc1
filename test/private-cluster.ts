// A private PostgreSQL cluster and a private Redis, for tests and load runs
// that stop, stall or reconfigure a server: never the machine's shared ones.
// Postgres refuses to run as root, so initdb and postgres run as the
// `postgres` user, in a temporary folder it owns, on a free port.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

const PG_BIN = "/usr/lib/postgresql/15/bin";

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once something accepts connections on 127.0.0.1:`port` (throws after `ms`). */
export async function waitForPort(port: number, ms = 10_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => (socket.end(), resolve(true)));
      socket.on("error", () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
}

const asPostgres = (command: string) =>
  userInfo().uid === 0
    ? (["su", ["postgres", "-s", "/bin/sh", "-c", command]] as const)
    : (["sh", ["-c", command]] as const);

function run(command: string): string {
  const [file, args] = asPostgres(command);
  return execFileSync(file, [...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export type PrivatePostgres = {
  port: number;
  /** Its folder (owned by postgres): the data directory is data/ in it, the socket in it. */
  dir: string;
  /** Shell commands, run as postgres, that restart, stop and start it with the same settings. */
  restartCommand: string;
  stopCommand: string;
  startCommand: string;
  url: (database?: string) => string;
  stop: () => void;
  start: () => void;
  /** Freeze every server process (SIGSTOP): connections stay open, nothing answers. */
  freeze: () => void;
  /** The server lost: SIGKILL to the postmaster (its backends end with it). */
  crash: () => void;
  thaw: () => void;
  destroy: () => void;
};

/**
 * A private cluster on a free port: a new one (initdb), or, with `replicaOf`,
 * a streaming replica of that cluster (pg_basebackup -R: it follows the
 * primary's WAL and serves reads).
 */
export async function startPrivatePostgres(
  settings: Record<string, string> = {},
  replicaOf?: PrivatePostgres,
): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "legendai-pg-"));
  if (userInfo().uid === 0) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  chmodSync(dir, 0o700);
  const data = path.join(dir, "data");
  const port = await freePort();
  if (replicaOf)
    run(
      `${PG_BIN}/pg_basebackup -h 127.0.0.1 -p ${replicaOf.port} -U postgres -D ${data} -R -X stream -c fast --no-sync`,
    );
  else run(`${PG_BIN}/initdb -D ${data} -A trust -U postgres --no-sync >/dev/null`);
  const options = Object.entries({
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: dir,
    fsync: "off",
    ...settings,
  })
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(" ");
  const startCommand = `${PG_BIN}/pg_ctl -D ${data} -o "${options}" -l ${dir}/log -w -t 60 start >/dev/null`;
  const restartCommand = `${PG_BIN}/pg_ctl -D ${data} -o "${options}" -l ${dir}/log -w -t 60 -m fast restart >/dev/null`;
  const stopCommand = `${PG_BIN}/pg_ctl -D ${data} -m fast -w stop >/dev/null`;
  const start = () => run(startCommand);
  const stop = () => run(stopCommand);
  const signalAll = (signal: "STOP" | "CONT") => {
    const pid = run(`head -1 ${data}/postmaster.pid`).trim();
    execFileSync("sh", ["-c", `kill -${signal} ${pid} $(pgrep -P ${pid}) 2>/dev/null || true`]);
  };
  start();
  return {
    port,
    dir,
    restartCommand,
    stopCommand,
    startCommand,
    url: (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop,
    start,
    freeze: () => signalAll("STOP"),
    crash: () => execFileSync("sh", ["-c", `kill -9 $(head -1 ${data}/postmaster.pid)`]),
    thaw: () => signalAll("CONT"),
    destroy: () => {
      try {
        signalAll("CONT");
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PrivateRedis = {
  port: number;
  url: string;
  kill: () => void;
  start: () => Promise<void>;
  destroy: () => void;
};

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    await waitForPort(port, 5_000);
  };
  await start();
  const kill = () => {
    child?.kill("SIGKILL");
    child = null;
  };
  return { port, url: `redis://127.0.0.1:${port}`, kill, start, destroy: kill };
}

export type PgBouncer = { port: number; url: (database: string) => string; stop: () => void };

/**
 * Debian's PgBouncer in transaction mode in front of `target` (host:port), on
 * a free port, started as the postgres user (it refuses root) with an ini in
 * a temporary folder, trusting every user.
 */
export async function startPgBouncer(targetPort: number): Promise<PgBouncer> {
  const dir = mkdtempSync(path.join(tmpdir(), "legendai-pgbouncer-"));
  const port = await freePort();
  writeFileSync(path.join(dir, "users.txt"), `"postgres" ""\n`); // trust still needs the user listed
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=127.0.0.1 port=${targetPort}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${dir}/users.txt`,
      "pool_mode = transaction",
      "max_client_conn = 200",
      "default_pool_size = 20",
      "ignore_startup_parameters = extra_float_digits,options,application_name",
      `pidfile = ${dir}/pgbouncer.pid`,
      `logfile = ${dir}/pgbouncer.log`,
      "",
    ].join("\n"),
  );
  if (userInfo().uid === 0) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  run(`/usr/sbin/pgbouncer -d ${dir}/pgbouncer.ini`);
  await waitForPort(port, 5_000);
  return {
    port,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop: () => {
      try {
        execFileSync("sh", ["-c", `kill $(cat ${dir}/pgbouncer.pid) 2>/dev/null || true`]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
