// Tests create and drop databases: they refuse to run anywhere but this machine.
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]", ""]);

export function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(
      `tests refuse to run against a non-local database (host "${host}"): point DATABASE_URL at 127.0.0.1`,
    );
  }
}

export { withDatabase } from "@/lib/db/pg-client";
