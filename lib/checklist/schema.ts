// The schema's checks: index and key findings (duplicate, redundant and
// invalid indexes, foreign keys without an index, tables without a primary
// key), the migration history (pending, failed, changed since applied) and
// drift (the live schema against what the applied migrations make).
import { adoptingMigration, restoringStatements } from "@/lib/db/migrations/adopt-drift";
import { describeDrift, schemaDrift } from "@/lib/db/migrations/drift";
import { NoShadowError } from "@/lib/db/migrations/shadow";
import { migrationOverview } from "@/lib/db/migrations/status";
import { directDatabaseUrl } from "@/lib/env";
import { schemaChecks, type Finding } from "@/lib/monitoring/schema-checks";
import { findingsOf, notChecked, PG_DOCS, type CheckFinding, type CheckInfo } from "./check";

const KINDS: Record<Finding["kind"], CheckInfo & { status: "warning" | "problem" }> = {
  duplicate: {
    id: "duplicate_index",
    title: "An index duplicates another",
    docs: `${PG_DOCS}indexes-multicolumn.html`,
    status: "warning",
  },
  redundant: {
    id: "redundant_index",
    title: "An index is covered by another",
    docs: `${PG_DOCS}indexes-multicolumn.html`,
    status: "warning",
  },
  invalid: {
    id: "invalid_index",
    title: "An index is invalid",
    docs: `${PG_DOCS}sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY`,
    status: "problem",
  },
  "fk-unindexed": {
    id: "fk_unindexed",
    title: "A foreign key has no index",
    docs: `${PG_DOCS}ddl-constraints.html#DDL-CONSTRAINTS-FK`,
    status: "warning",
  },
  "no-primary-key": {
    id: "no_primary_key",
    title: "A table has no primary key",
    docs: `${PG_DOCS}ddl-constraints.html#DDL-CONSTRAINTS-PRIMARY-KEYS`,
    status: "warning",
  },
};

export async function schemaFindings(): Promise<CheckFinding[]> {
  const found = await schemaChecks();
  return (Object.keys(KINDS) as Finding["kind"][]).flatMap((kind) => {
    const { status, ...check } = KINDS[kind];
    return findingsOf(
      check,
      found.filter((f) => f.kind === kind).map((f) => ({ status, subject: f.table, summary: f.detail, fix: f.fix })),
      "none found",
    );
  });
}

export async function migrationFindings(): Promise<CheckFinding[]> {
  const check = { id: "migrations", title: "Migrations are not all applied", docs: "README.md#migrations" };
  const m = await migrationOverview();
  if (!m.applied.length && !m.failed.length)
    return findingsOf(
      check,
      [
        {
          status: "warning",
          subject: "",
          summary: m.existingSchemaWithoutHistory
            ? "tables but no migration history: this database was not made by the migrations"
            : "no migration applied: an empty database",
          fix: m.existingSchemaWithoutHistory
            ? "npm run db:migrate -- --backup-first --baseline"
            : "npm run db:migrate",
        },
      ],
      "",
    );
  return findingsOf(
    check,
    [
      ...m.failed.map((f) => ({
        status: "problem" as const,
        subject: f.name,
        summary: `migration ${f.name} failed: nothing more is applied until it is resolved`,
        fix: `fix it, then npm run db:migrate -- --resolve-rolled-back ${f.name}`,
      })),
      ...m.pending.map((p) => ({
        status: "warning" as const,
        subject: p.name,
        summary: `migration ${p.name} is not applied`,
        fix: "npm run db:migrate -- --rehearse, then npm run db:migrate -- --backup-first",
      })),
      ...m.changed.map((c) => ({
        status: "warning" as const,
        subject: c.name,
        summary: `${c.name}'s file changed after it was applied`,
        fix: "restore the file as it was applied; make the change a new migration",
      })),
    ],
    `every migration applied (at ${m.current ?? "none"})`,
  );
}

export async function driftFindings(): Promise<CheckFinding[]> {
  const check = { id: "schema_drift", title: "The schema differs from its migrations", docs: `${PG_DOCS}ddl.html` };
  const drifts = await schemaDrift(directDatabaseUrl()).catch((error: Error) => error);
  if (drifts instanceof NoShadowError) return [notChecked(check, drifts.message)];
  if (drifts instanceof Error) throw drifts;
  if (drifts === null) return findingsOf(check, [], "no migration history to compare with");
  return findingsOf(
    check,
    drifts.map((d) => {
      const { up, down } = adoptingMigration([d], drifts);
      return {
        // An object the migrations make and the database lacks can break the app; anything else was added by hand.
        status: d.live === null ? ("problem" as const) : ("warning" as const),
        subject: d.key,
        summary: describeDrift(d),
        fix: `adopt it: npm run db:migration:new -- --adopt-drift (one migration for every drift, with its down.sql); or put it back: ${restoringStatements(d, drifts) || "(with its table)"}`,
        detail: {
          label: "The migration that adopts it",
          text: `-- migration.sql\n${up || "-- (made with its table)"}\n\n-- down.sql\n${down || "-- (goes with its table)"}`,
        },
      };
    }),
    "the schema is what the applied migrations make",
  );
}
