// Replays a backup into a database with psql, all or nothing: we wrap the SQL
// in BEGIN … COMMIT ourselves, so a failure (bad SQL with ON_ERROR_STOP, a
// killed process, a full disk, a cut stream) never reaches COMMIT and Postgres
// rolls everything back. (psql's own --single-transaction would COMMIT at end
// of input, even if the input was cut short.)
import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { maskSecrets } from "@/lib/log/mask";
import { sqlStream } from "@/lib/ops/dump";
import { childEnvironment, requireTool } from "@/lib/ops/pg-tools";

async function* wrapped(sql: Readable): AsyncGenerator<Buffer | string> {
  yield "BEGIN;\n";
  for await (const chunk of sql) yield chunk as Buffer;
  yield "\nCOMMIT;\n";
}

export async function replayBackup(
  databaseUrl: string,
  file: string,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  requireTool("psql");
  const child = spawn("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--no-password"], {
    env: childEnvironment(databaseUrl, process.env), // eslint-disable-line no-restricted-properties
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  let streamError: Error | null = null;
  await pipeline(Readable.from(wrapped(sqlStream(file, onBytes))), child.stdin).catch((error: Error) => {
    streamError = error;
    child.kill("SIGKILL"); // never let psql reach the end of a cut stream
  });
  const code = await exited;
  const firstError = stderr.split("\n").find((line) => /ERROR|FATAL|could not/.test(line));
  if (code !== 0 || streamError) {
    const reason = firstError ?? (streamError as Error | null)?.message ?? `psql exited with ${code}`;
    throw new Error(`restore failed and was rolled back, nothing changed: ${maskSecrets(reason.trim())}`);
  }
}
