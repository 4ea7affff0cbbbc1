// One table brought back as it was, two ways, timed from the command's start
// to the rows being in the live database: the app's recovery (startRecoverTable;
// the rows are in live, committed, when it starts keying the copy for the comparison) and the plain tools
// as an operator would type them (pgbackrest restore into a scratch folder,
// pg_ctl start on another port, psql COPY piped into psql).
import path from "node:path";
import { env } from "@/lib/env";
import { targetTime } from "@/lib/pitr/pgbackrest";
import { recoverTableInput, startRecoverTable } from "@/lib/pitr/recover-table";
import { runAsCluster } from "@/lib/pitr/run-as";
import { freePort } from "@/test/private-cluster";
import { query } from "@/test/sql";

const PG_BIN = "/usr/lib/postgresql/15/bin";

export async function oursMs(table: string, at: Date, liveUrl: string): Promise<number> {
  const started = performance.now();
  let rowsInLive = 0;
  const { job, done } = await startRecoverTable("bench", recoverTableInput.parse({ table, at }));
  job.listeners.push((line) => {
    // The copy is committed when its key starts being built for the comparison.
    if (line.includes("phase: indexing") && !rowsInLive) rowsInLive = performance.now() - started;
  });
  const result = await done;
  await query(liveUrl, `DROP TABLE ${result.recovered}`);
  return rowsInLive || result.durationMs;
}

export async function plainMs(table: string, at: Date, liveUrl: string, database: string): Promise<number> {
  const config = env();
  const dir = path.join(config.PITR_SCRATCH_DIR, `plain-${Date.now()}`);
  const port = await freePort();
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const target = targetTime(at);
  const script = [
    `mkdir -p ${dir}/data && chmod 700 ${dir}/data`,
    `pgbackrest --config=${config.PITR_CONFIG} --stanza=${config.PITR_STANZA} restore --type=time --target=${quote(target)} --target-action=promote --pg1-path=${dir}/data --db-include=${database} --archive-mode=off`,
    `${PG_BIN}/pg_ctl -D ${dir}/data -o "-c port=${port} -c listen_addresses='' -c unix_socket_directories=${dir}" -l ${dir}/log -w -t 600 start >/dev/null`,
    `until [ "$(psql -h ${dir} -p ${port} -d postgres -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do sleep 0.2; done`,
    `psql ${quote(liveUrl)} -qc "CREATE TABLE recovered.${table}_plain (LIKE public.${table})"`,
    `psql -h ${dir} -p ${port} -d ${database} -c "COPY (SELECT * FROM ${table}) TO STDOUT" | psql ${quote(liveUrl)} -qc "COPY recovered.${table}_plain FROM STDIN"`,
  ].join(" && ");
  const started = performance.now();
  try {
    await runAsCluster("sh", ["-c", script]);
    return performance.now() - started;
  } finally {
    await runAsCluster(`${PG_BIN}/pg_ctl`, ["-D", `${dir}/data`, "-m", "immediate", "-w", "stop"]).catch(() => {});
    await runAsCluster("rm", ["-rf", dir]);
    await query(liveUrl, `DROP TABLE IF EXISTS recovered.${table}_plain`);
  }
}
