// Running pg_dump and psql without ever putting the password in argv (and so
// in `ps`): the connection is passed through libpq's PG* environment variables.
import { spawnSync } from "node:child_process";

export class ToolMissingError extends Error {}

/** libpq environment for a postgresql:// URL; the URL itself is never passed on. */
export function pgEnvironment(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  const env: Record<string, string> = {
    PGHOST: decodeURIComponent(url.hostname.replace(/^\[|\]$/g, "")) || "127.0.0.1",
    PGPORT: url.port || "5432",
    PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
    PGUSER: decodeURIComponent(url.username) || "postgres",
    PGAPPNAME: "legendai-ops",
    PGCONNECT_TIMEOUT: "10",
  };
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const sslmode = url.searchParams.get("sslmode");
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** The child's whole environment: ours minus the database URLs (they may hold passwords), plus libpq's. */
export function childEnvironment(databaseUrl: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DIRECT_DATABASE_URL: _direct, ...rest } = base; // eslint-disable-line @typescript-eslint/no-unused-vars
  return { ...rest, ...pgEnvironment(databaseUrl) };
}

const INSTALL_HINT = "install the PostgreSQL client tools (Debian: apt-get install postgresql-client)";

/** Fails with a clear message when a client tool is not on PATH. */
export function requireTool(name: "pg_dump" | "psql"): void {
  const result = spawnSync(name, ["--version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) throw new ToolMissingError(`${name} was not found on PATH: ${INSTALL_HINT}`);
}
