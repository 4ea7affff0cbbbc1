// One sample of active session history: every session of this database that
// is running a statement now, with what it waits on (no wait: it is on the
// CPU), its statement, and, for a lock wait, the relation and who blocks it.
import { createHash } from "node:crypto";
import { sql, type SqlTarget } from "@/lib/db/sql";
import { maskSqlLiterals } from "@/lib/mask";

export type ActiveSession = {
  waitClass: string;
  waitEvent: string;
  queryKey: string;
  query: string;
  application: string;
  relation: string;
  blockers: number[];
};

/** Literals out of a statement's text: what is shown and grouped is its shape, never a value. */
export const normaliseQuery = (text: string): string =>
  maskSqlLiterals(text, "?")
    .replace(/\b\d+(\.\d+)?\b/g, "?")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 500);

type Row = {
  waitType: string | null;
  waitEvent: string | null;
  queryId: string | null;
  query: string;
  application: string;
  relation: string | null;
  blockers: number[] | null;
};

export async function sampleActiveSessions(db?: SqlTarget): Promise<ActiveSession[]> {
  const rows = await sql<Row>(
    "WaitSample.read",
    `SELECT a.wait_event_type AS "waitType", a.wait_event AS "waitEvent", a.query_id::text AS "queryId",
        left(a.query, 2000) AS query, coalesce(nullif(a.application_name, ''), '(none)') AS application,
        CASE WHEN a.wait_event_type = 'Lock' THEN
          (SELECT l.relation::regclass::text FROM pg_locks l
            WHERE l.pid = a.pid AND NOT l.granted AND l.relation IS NOT NULL LIMIT 1) END AS relation,
        CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END AS blockers
       FROM pg_stat_activity a
      WHERE a.state = 'active' AND a.backend_type = 'client backend'
        AND a.datname = current_database() AND a.pid <> pg_backend_pid()`,
    [],
    db,
  );
  return rows.map((r) => {
    const query = normaliseQuery(r.query);
    return {
      waitClass: r.waitType ?? "CPU",
      waitEvent: r.waitEvent ?? "CPU",
      queryKey: r.queryId ?? `text:${createHash("md5").update(query).digest("hex")}`,
      query,
      application: r.application.slice(0, 64),
      relation: r.relation ?? "",
      blockers: r.blockers ?? [],
    };
  });
}
