// Runs once when the Next.js server starts: a bad setting stops the server
// with one clear line, and the pool's warm connections open before traffic.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return; // eslint-disable-line no-restricted-properties
  const { envOrExit } = await import("@/lib/env");
  envOrExit();
  const { pool } = await import("@/lib/db/client");
  await pool().warm().catch(() => {
    // Postgres down at start: the health check reports it; requests retry.
  });
}
