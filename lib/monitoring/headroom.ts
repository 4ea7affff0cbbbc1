// Headroom: how close counters are to their ceiling. A sequence that feeds a
// 32-bit column (pattern_scans.id is a serial) stops every insert when it
// reaches 2,147,483,647; transaction ids wrap around at 2^31 unless vacuum
// freezes old rows first. Rates come from the snapshots taken every 5 minutes.
import { sql, type SqlTarget } from "@/lib/db/sql";

const DAY_MS = 86_400_000;
/** Postgres refuses new transactions before the age reaches 2^31; this is the scale shown. */
export const XID_WRAPAROUND = 2_147_483_648;

export type SequenceHeadroom = {
  sequence: string;
  /** The column it feeds ("table.column"), if it is owned by one. */
  column: string | null;
  columnType: string | null;
  lastValue: number;
  maxValue: number;
  usedShare: number;
  /** Values used per day over the snapshots kept (null until there are two). */
  perDay: number | null;
  runsOutAt: Date | null;
};

export async function sequenceHeadroom(db?: SqlTarget, now = new Date()): Promise<SequenceHeadroom[]> {
  const rows = await sql<{
    sequence: string;
    column: string | null;
    columnType: string | null;
    lastValue: number;
    maxValue: number;
    firstValue: number | null;
    firstAt: Date | null;
  }>(
    "Headroom.sequences",
    `WITH seqs AS (
       SELECT s.schemaname || '.' || s.sequencename AS sequence, s.last_value::float8 AS "lastValue",
          CASE a.atttypid WHEN 'int2'::regtype THEN least(s.max_value, 32767)
                          WHEN 'int4'::regtype THEN least(s.max_value, 2147483647)
                          ELSE s.max_value END::float8 AS "maxValue",
          t.relname || '.' || a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "columnType"
         FROM pg_sequences s
         JOIN pg_namespace sn ON sn.nspname = s.schemaname
         JOIN pg_class sc ON sc.relname = s.sequencename AND sc.relnamespace = sn.oid
         LEFT JOIN pg_depend d ON d.objid = sc.oid AND d.classid = 'pg_class'::regclass
               AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
         LEFT JOIN pg_class t ON t.oid = d.refobjid
         LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE s.increment_by > 0 AND s.last_value IS NOT NULL
          AND s.schemaname NOT IN ('pg_catalog', 'information_schema')
     )
     SELECT seqs.*, first.value AS "firstValue", first.taken_at AS "firstAt"
       FROM seqs
       LEFT JOIN LATERAL (
         SELECT value, taken_at FROM relation_snapshots r
          WHERE r.kind = 'sequence' AND r.relation = seqs.sequence ORDER BY taken_at LIMIT 1
       ) first ON true
      ORDER BY "lastValue" / "maxValue" DESC`,
    [],
    db,
  );
  return rows.map(({ firstValue, firstAt, ...row }) => {
    const days = firstAt ? (now.getTime() - firstAt.getTime()) / DAY_MS : 0;
    const perDay = firstValue !== null && days > 0.01 ? (row.lastValue - firstValue) / days : null;
    return {
      ...row,
      usedShare: row.lastValue / row.maxValue,
      perDay,
      runsOutAt:
        perDay && perDay > 0 ? new Date(now.getTime() + ((row.maxValue - row.lastValue) / perDay) * DAY_MS) : null,
    };
  });
}

export type TransactionIdAge = {
  /** Age of the database's oldest unfrozen transaction id. */
  age: number;
  share: number;
  /** autovacuum_freeze_max_age: from this age an anti-wraparound vacuum is forced. */
  freezeMaxAge: number;
  oldestTables: { table: string; age: number }[];
};

export async function transactionIdAge(db?: SqlTarget): Promise<TransactionIdAge> {
  const [database] = await sql<{ age: number; freezeMaxAge: number }>(
    "Headroom.xidDatabase",
    `SELECT age(datfrozenxid)::float8 AS age, current_setting('autovacuum_freeze_max_age')::float8 AS "freezeMaxAge"
       FROM pg_database WHERE datname = current_database()`,
    [],
    db,
  );
  const oldestTables = await sql<{ table: string; age: number }>(
    "Headroom.xidTables",
    `SELECT c.oid::regclass::text AS "table", age(c.relfrozenxid)::float8 AS age
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%' 
      ORDER BY age(c.relfrozenxid) DESC LIMIT 5`,
    [],
    db,
  );
  return { ...database, share: database.age / XID_WRAPAROUND, oldestTables };
}
