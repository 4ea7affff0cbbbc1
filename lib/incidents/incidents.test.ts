// The alert engine end to end, against the run's Postgres and Redis, a real
// webhook receiver and a real SMTP sink: one "firing" and one "resolved" per
// incident, retries, durations, snoozes, one evaluator at a time, the
// Postgres-outage path through Redis, and the data-loss sentinel's pin.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db/client";
import { recordAudit } from "@/lib/db/queries/audit";
import { loadEnv, withEnv } from "@/lib/env";
import { evaluateRules } from "@/lib/incidents/evaluate";
import type { Facts } from "@/lib/incidents/facts";
import { acknowledge, applyConditions, listIncidents, owedMessages, snooze } from "@/lib/incidents/incidents";
import { reconcileOutage, whilePostgresDown } from "@/lib/incidents/outage";
import { pinBackup } from "@/lib/incidents/pin";
import { RULES } from "@/lib/incidents/rules";
import { incidentSettingsSchema, readIncidentSettings, saveIncidentSettings } from "@/lib/incidents/settings";
import { claimTick } from "@/lib/incidents/scheduler";
import type { SharedEntry } from "@/lib/ops/catalog";
import { localCatalog, type Manifest } from "@/lib/ops/manifest";
import { backupFileName } from "@/lib/ops/names";
import { pruneLocal } from "@/lib/ops/retention";
import { startIncidentSinks, type IncidentSinks } from "@/test/incident-sinks";
import { resetData } from "@/test/reset";

let sinks: IncidentSinks;
let backupDir: string;
const run = <T>(work: () => Promise<T>) =>
  withEnv(
    loadEnv({
      ...process.env, // eslint-disable-line no-restricted-properties -- the run's database and Redis prefix
      BACKUP_DIR: backupDir,
      ALERT_WEBHOOK_URL: sinks.webhookUrl,
      SMTP_URL: sinks.smtpUrl,
      ALERT_EMAIL_TO: "oncall@legendai.test",
    }),
    work,
  );
const hooksFor = (rule: string) => sinks.webhooks.filter((w) => w.rule === rule);
const mailsAbout = (title: string) => sinks.emails.filter((m) => m.includes(title));
const DEFAULTS = incidentSettingsSchema.parse({});

beforeAll(async () => {
  await resetData();
  sinks = await startIncidentSinks();
  backupDir = await mkdtemp(path.join(tmpdir(), "legendai-alerts-"));
});
beforeEach(async () => {
  await pool().query("TRUNCATE alert_incidents, audit_logs, monitor_ticks, app_settings RESTART IDENTITY");
  sinks.webhooks.length = 0;
  sinks.emails.length = 0;
  sinks.webhookStatus = 200;
});
afterAll(async () => {
  await sinks.close();
  await rm(backupDir, { recursive: true, force: true });
  await closeDb();
});

describe("alert delivery", () => {
  it("a failed backup fires once on the webhook and by e-mail, and a later success resolves it once", async () => {
    await recordAudit({
      actor: "cron",
      action: "backup:finished",
      outcome: "failed",
      details: { message: "No space left on device" },
    });
    await run(() => evaluateRules());
    await run(() => evaluateRules()); // still failing: nothing new
    expect(hooksFor("operation_failed")).toEqual([
      expect.objectContaining({
        status: "firing",
        subject: "backup",
        text: expect.stringMatching(
          /^\[FIRING\] A backup, upload or drill failed \(backup\): the last backup failed: No space left on device/,
        ),
      }),
    ]);
    expect(mailsAbout("Subject: [FIRING] A backup, upload or drill failed")).toHaveLength(1);

    await recordAudit({ actor: "cron", action: "backup:finished", outcome: "ok" });
    await run(() => evaluateRules());
    await run(() => evaluateRules());
    expect(hooksFor("operation_failed").map((w) => w.status)).toEqual(["firing", "resolved"]);
    expect(mailsAbout("Subject: [RESOLVED] A backup, upload or drill failed")).toHaveLength(1);
    const { rows } = await pool().query(
      `SELECT action FROM audit_logs WHERE target = 'operation_failed:backup' ORDER BY id`,
    );
    expect(rows.map((r) => r.action)).toEqual(["alert:firing", "alert:resolved"]);
  });

  it("retries a channel that failed on the next run, and never sends one twice", async () => {
    await recordAudit({
      actor: "cron",
      action: "verify:finished",
      outcome: "failed",
      details: { message: "checksum" },
    });
    sinks.webhookStatus = 500;
    const first = await run(() => evaluateRules());
    expect(first.failedDeliveries.some((f) => f.startsWith("webhook: the webhook answered HTTP 500"))).toBe(true);
    expect(mailsAbout("(drill)")).toHaveLength(1);
    sinks.webhookStatus = 200;
    await run(() => evaluateRules());
    await run(() => evaluateRules());
    expect(hooksFor("operation_failed").filter((w) => w.subject === "drill")).toHaveLength(1);
    expect(mailsAbout("(drill)")).toHaveLength(1);
  });

  it("holds a snoozed incident's messages until the snooze ends, and records who acknowledged it", async () => {
    await recordAudit({ actor: "cron", action: "backup", outcome: "failed", details: { message: "busy" } });
    await run(() => evaluateRules());
    const [incident] = (await listIncidents()).filter((i) => i.rule === "operation_failed");
    expect(await acknowledge(incident.id, "admin@x.test")).toBe(true);
    expect(await snooze(incident.id, new Date(Date.now() + 3_600_000))).toBe(true);
    await pool().query(`UPDATE alert_incidents SET sent = '{}' WHERE id = $1`, [incident.id]);
    expect(await owedMessages(["webhook"], new Date())).not.toContainEqual(
      expect.objectContaining({ incident: expect.objectContaining({ id: incident.id }) }),
    );
    expect(await owedMessages(["webhook"], new Date(Date.now() + 2 * 3_600_000))).toContainEqual(
      expect.objectContaining({ status: "firing", incident: expect.objectContaining({ id: incident.id }) }),
    );
    const [after] = (await listIncidents()).filter((i) => i.id === incident.id);
    expect(after.acknowledgedBy).toBe("admin@x.test");
  });
});

describe("incidents", () => {
  const slow = { id: "test_slow", forMs: 60_000 };
  const holds = [{ subject: "x", summary: "it holds" }];

  it("stay pending until the condition has held for the rule's duration, then fire, then resolve", async () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    expect(await applyConditions(slow, holds, t0)).toEqual([]);
    expect(await applyConditions(slow, holds, at(30))).toEqual([]);
    expect(await applyConditions(slow, null, at(45))).toEqual([]); // cannot tell: unchanged
    const [fired] = await applyConditions(slow, holds, at(61));
    expect(fired).toMatchObject({ status: "firing", firedAt: at(61), pendingSince: t0 });
    await applyConditions(slow, [], at(90));
    const [resolved] = await listIncidents();
    expect(resolved).toMatchObject({ status: "resolved", resolvedAt: at(90) });
  });

  it("that never fired leave nothing behind when the condition goes away", async () => {
    await applyConditions(slow, holds, new Date());
    await applyConditions(slow, [], new Date());
    expect(await listIncidents()).toEqual([]);
  });
});

describe("one evaluator at a time", () => {
  it("exactly one of several instances claims each period", async () => {
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => claimTick("test", 60_000, `host:${i}`)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimTick("test", 60_000)).toBe(false);
    expect(await claimTick("test", 1)).toBe(true); // a period of 1 ms has passed
  });
});

describe("while Postgres is unreachable", () => {
  it("keeps the incident in Redis, fires after a minute, and records it once Postgres answers", async () => {
    const t0 = new Date();
    await run(() => whilePostgresDown(t0, "connect ECONNREFUSED 127.0.0.1:5432", 50));
    expect(hooksFor("postgres_unhealthy")).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60)); // the leader key's lifetime
    await run(() => whilePostgresDown(new Date(t0.getTime() + 61_000), "connect ECONNREFUSED", 50));
    expect(hooksFor("postgres_unhealthy")).toEqual([
      expect.objectContaining({ status: "firing", text: expect.stringContaining("ECONNREFUSED 127.0.0.1:5432") }),
    ]);
    await run(() => reconcileOutage(new Date(t0.getTime() + 120_000)));
    await run(() => reconcileOutage(new Date(t0.getTime() + 180_000))); // once
    expect(hooksFor("postgres_unhealthy").map((w) => w.status)).toEqual(["firing", "resolved"]);
    expect(await listIncidents()).toEqual([
      expect.objectContaining({ rule: "postgres_unhealthy", status: "resolved", pendingSince: t0 }),
    ]);
  });
});

describe("rules", () => {
  const rule = (id: string) => RULES.find((r) => r.id === id)!;
  const now = new Date("2026-06-01T12:00:00Z");
  const manifest = (createdAt: string, rows: number): Manifest => ({
    version: 1,
    file: backupFileName(new Date(createdAt)),
    kind: "regular",
    actor: "cron",
    createdAt,
    durationMs: 1000,
    sizeBytes: 100 * 1024 * 1024,
    sha256: "a".repeat(64),
    source: { database: "legendai", host: "127.0.0.1", port: "5432", user: "postgres" },
    postgresVersion: "15",
    migrations: [],
    tables: { pattern_scans: { rows, checksum: "x" }, users: { rows: 10, checksum: "y" } },
    s3: null,
    verification: null,
  });
  const entry = (m: Manifest, dir = "/backups"): SharedEntry => ({
    path: path.join(dir, m.file),
    sizeOnDisk: m.sizeBytes,
    manifest: m,
    good: true,
    location: "local",
    holder: "host",
  });
  const facts = (over: Partial<Facts>): Facts => ({
    now,
    redis: { ok: true, ms: 1 },
    s3: null,
    backupDir: null,
    channels: [],
    sessions: [],
    autovacuum: { serverOn: true, trackCounts: true, tablesOff: [] },
    analysis: [],
    connections: { used: 1, max: 100, reserved: 3 },
    slots: [],
    replicas: [],
    instances: [],
    backups: [],
    lastBackup: null,
    lastDrill: null,
    lastGoodDrill: null,
    pool: [],
    latency: [],
    disk: null,
    sequences: [],
    xid: { age: 1000, share: 0, freezeMaxAge: 200_000_000, oldestTables: [] },
    pitr: { state: "not-set-up", reason: "PITR_STANZA is unset" },
    plans: [],
    drift: [],
    ...over,
  });

  it("PITR: quiet when not set up; archiving failing, writes unarchived too long, no recent full, repository filling", () => {
    const ok = {
      state: "ok" as const,
      stanza: "main",
      stanzaStatus: "ok",
      encrypted: true,
      repository: "/var/lib/pgbackrest",
      archiver: {
        archiveMode: "on",
        lastArchivedWal: "000000010000000000000009",
        lastArchivedAt: "2026-06-01T11:59:00.000Z",
        failedCount: 0,
        lastFailedWal: null,
        lastFailedAt: null,
        currentWal: "00000001000000000000000A",
        unarchivedBytes: 0,
        rpoS: 0,
        failing: false,
      },
      backups: [],
      window: { from: "2026-05-31T01:00:01.000Z", to: "2026-06-01T12:00:00.000Z" },
      lastFullAt: "2026-05-31T01:00:00.000Z",
      repoFree: { bytes: 50e9, ratio: 0.5 },
    };
    const pitrRules = ["pitr_archiving", "pitr_unarchived", "pitr_full_stale", "pitr_repo_space"];
    const evaluateAll = (pitr: Facts["pitr"]) =>
      pitrRules.flatMap((id) => (rule(id).evaluate(facts({ pitr }), DEFAULTS) ?? []).map((c) => `${id}: ${c.summary}`));
    expect(evaluateAll({ state: "not-set-up", reason: "unset" })).toEqual([]);
    expect(evaluateAll(ok)).toEqual([]);
    const failing = {
      ...ok.archiver,
      failing: true,
      failedCount: 3,
      lastFailedWal: "00000001000000000000000A",
      lastFailedAt: "2026-06-01T11:59:30.000Z",
    };
    expect(evaluateAll({ ...ok, archiver: failing })).toEqual([
      expect.stringMatching(/^pitr_archiving: archiving 00000001000000000000000A fails since .* \(3 failures\)/),
    ]);
    expect(evaluateAll({ ...ok, archiver: { ...ok.archiver, rpoS: 301 } })).toEqual([
      expect.stringMatching(/^pitr_unarchived: the oldest write not yet archived is 301 s old \(limit 5 min\)/),
    ]);
    expect(evaluateAll({ ...ok, lastFullAt: "2026-05-20T00:00:00.000Z" })).toEqual([
      expect.stringMatching(/^pitr_full_stale: the last full pgBackRest backup is 12 days old \(limit 8\)/),
    ]);
    expect(evaluateAll({ ...ok, repoFree: { bytes: 1e9, ratio: 0.05 } })).toEqual([
      expect.stringMatching(/^pitr_repo_space: 5\.0% free/),
    ]);
    expect(evaluateAll({ state: "error", reason: "pgbackrest failed: repository is missing" })).toEqual([
      "pitr_archiving: pgBackRest does not answer: pgbackrest failed: repository is missing",
    ]);
  });

  it("the data-loss sentinel fires for a table that lost most of its rows between two backups, and pins the earlier one", () => {
    const before = entry(manifest("2026-06-01T02:00:00Z", 1_000_000));
    const after = entry(manifest("2026-06-01T10:00:00Z", 200_000));
    const [drop] = rule("row_drop").evaluate(facts({ backups: [after, before] }), DEFAULTS)!;
    expect(drop).toMatchObject({ subject: "pattern_scans", pin: before });
    expect(drop.summary).toMatch(/pattern_scans fell from 1,000,000 to 200,000 rows between/);
    // users has 10 rows: below the minimum, never a finding; a small drop is none either.
    const small = entry(manifest("2026-06-01T10:00:00Z", 700_000));
    expect(rule("row_drop").evaluate(facts({ backups: [small, before] }), DEFAULTS)).toEqual([]);
  });

  it("a pinned backup outlives retention", async () => {
    const old = (day: number) => manifest(`2026-01-0${day}T00:00:00Z`, 100);
    const newest = manifest(new Date().toISOString(), 100);
    for (const m of [old(1), old(2), newest]) {
      await writeFile(path.join(backupDir, m.file), "x".repeat(m.sizeBytes % 7));
      await writeFile(path.join(backupDir, m.file.replace(".sql.gz", ".manifest.json")), JSON.stringify(m));
    }
    await run(() => pinBackup(entry(old(1), backupDir), "pattern_scans fell from 100 to 0 rows"));
    const removed = await run(() => pruneLocal(7));
    expect(removed.map((p) => path.basename(p))).toEqual([old(2).file]);
    const kept = await run(() => localCatalog());
    expect(kept.find((e) => e.manifest?.file === old(1).file)?.manifest?.pinned?.reason).toMatch(/fell from 100/);
  });

  it("backups: stale, missing, and the disk too small for the next one", () => {
    const fresh = entry(manifest("2026-06-01T11:00:00Z", 1));
    const stale = entry(manifest("2026-05-30T11:00:00Z", 1));
    expect(rule("backup_stale").evaluate(facts({ backups: [fresh] }), DEFAULTS)).toEqual([]);
    expect(rule("backup_stale").evaluate(facts({ backups: [stale] }), DEFAULTS)![0].summary).toMatch(
      /49 h old \(limit 26 h\)/,
    );
    expect(rule("backup_stale").evaluate(facts({}), DEFAULTS)![0].summary).toBe("there is no good backup at all");
    const disk = { freeBytes: 110 * 1024 * 1024, totalBytes: 200 * 1024 * 1024 };
    expect(rule("backup_disk").evaluate(facts({ backups: [fresh], disk }), DEFAULTS)).toEqual([
      expect.objectContaining({ subject: "next", summary: expect.stringMatching(/too little for the next backup/) }),
    ]);
    expect(rule("backup_disk").evaluate(facts({ disk: { ...disk, freeBytes: 10 * 1024 * 1024 } }), DEFAULTS)).toEqual([
      expect.objectContaining({ subject: "free" }),
    ]);
    expect(rule("backup_disk").evaluate(facts({ disk: null }), DEFAULTS)).toBeNull();
  });

  it("pool waits for a minute or any acquire timeout; a query family's p95 high for 5 minutes; sequences over 80%", () => {
    const point = (s: number, waiting: number, timeouts = 0) => ({
      t: now.getTime() - s * 1000,
      checked_out: 5,
      checked_in: 0,
      waiting,
      overflow: 0,
      total: 5,
      size: 5,
      max: 15,
      acquire_timeouts: timeouts,
    });
    const waiting = Array.from({ length: 12 }, (_, i) => point(60 - i * 5, 2));
    expect(rule("pool_saturated").evaluate(facts({ pool: waiting }), DEFAULTS)).toEqual([
      expect.objectContaining({ subject: "waiting" }),
    ]);
    const once = waiting.map((p, i) => ({ ...p, waiting: i === 5 ? 0 : 2, acquire_timeouts: i > 8 ? 1 : 0 }));
    expect(rule("pool_saturated").evaluate(facts({ pool: once }), DEFAULTS)).toEqual([
      expect.objectContaining({
        subject: "timeouts",
        summary: "1 caller(s) gave up waiting for a connection in the last minute",
      }),
    ]);
    expect(rule("pool_saturated").evaluate(facts({ pool: null }), DEFAULTS)).toBeNull();

    const latency = (name: string, p95: number) =>
      Array.from({ length: 30 }, (_, i) => ({
        t: now.getTime() - (290 - i * 10) * 1000,
        name,
        n: 5,
        p50: 1,
        p95,
        p99: p95,
      }));
    const slow = rule("query_slow").evaluate(
      facts({ latency: [...latency("scans", 900), ...latency("alerts", 20)] }),
      DEFAULTS,
    );
    expect(slow!.map((c) => c.subject)).toEqual(["scans"]);

    const seq = {
      sequence: "public.pattern_scans_id_seq",
      column: "pattern_scans.id",
      columnType: "integer",
      lastValue: 1,
      maxValue: 1,
      perDay: null,
      runsOutAt: null,
    };
    expect(rule("sequence_high").evaluate(facts({ sequences: [{ ...seq, usedShare: 0.85 }] }), DEFAULTS)).toEqual([
      expect.objectContaining({
        subject: "public.pattern_scans_id_seq",
        summary: expect.stringMatching(/85\.0% used/),
      }),
    ]);
    expect(rule("sequence_high").evaluate(facts({ sequences: [{ ...seq, usedShare: 0.5 }] }), DEFAULTS)).toEqual([]);
  });

  it("settings: stored values over the defaults, an invalid stored value falls back to its default", async () => {
    await saveIncidentSettings({ ...DEFAULTS, backupMaxAgeHours: 50 }, "admin@x.test");
    expect((await readIncidentSettings()).backupMaxAgeHours).toBe(50);
    await pool().query(`UPDATE app_settings SET value = value || '{"sequenceMaxPercent": "lots"}'`);
    expect(await readIncidentSettings()).toMatchObject({ backupMaxAgeHours: 50, sequenceMaxPercent: 80 });
  });
});
