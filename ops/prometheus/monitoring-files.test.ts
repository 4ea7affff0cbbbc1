// The alerting rules, the example Prometheus configuration and the Grafana
// dashboard in ops/, checked against what the app really exports: promtool
// checks the rules and runs their unit tests (legendai-rules.test.yml); a real
// Prometheus (Debian's), configured from prometheus.example.yml, scrapes this
// process's registry with the token, loads the rules, and answers every
// dashboard query with data. No rule or panel may name a metric the app does
// not export.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { getPoolStatus, onPoolAcquired } from "@/lib/db/client";
import { queryCache } from "@/lib/db/cache";
import { listScans } from "@/lib/db/queries/scan-list";
import { latencyRecorder } from "@/lib/monitoring/metrics";
import { createRegistry } from "@/lib/monitoring/prometheus";
import { appScrapeState } from "@/lib/monitoring/prometheus-state";
import type { ReplicaState } from "@/lib/db/replicas/replica-set";
import { freePort, waitForPort } from "@/test/private-cluster";

const HERE = path.resolve("ops/prometheus");
const RULES = path.join(HERE, "legendai-rules.yml");
const RULE_TESTS = path.join(HERE, "legendai-rules.test.yml");
const DASHBOARD = path.resolve("ops/grafana/legendai-admin.json");
const EXAMPLE_CONFIG = path.join(HERE, "prometheus.example.yml");

type PrometheusConfig = {
  rule_files: string[];
  scrape_configs: { job_name: string; authorization: { credentials_file: string } }[];
};

type AlertRule = {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
type Target = { expr: string; refId: string; datasource: { uid: string } };
type Panel = { type: string; title: string; datasource?: { uid: string }; targets?: Target[] };

const rules = (parse(readFileSync(RULES, "utf8")) as { groups: { rules: AlertRule[] }[] }).groups.flatMap(
  (g) => g.rules,
);
const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as {
  title: string;
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; definition?: string }[] };
};
const queryPanels = dashboard.panels.filter((p) => p.type !== "row");

// The registry Prometheus scrapes: this process's pool, cache and latency, the
// real dependency probes; one replica and both operations given, so that every
// panel has something to show.
const replica: ReplicaState = {
  name: "replica-1 (db2:5432)",
  inRotation: true,
  reason: null,
  replayLsn: 1n,
  lagBytes: 0,
  lagSeconds: 0.4,
  replayPaused: false,
  checkedAt: Date.now(),
};
const registry = createRegistry({
  poolStatus: getPoolStatus,
  cache: queryCache,
  recorder: latencyRecorder(),
  replicas: () => [replica],
  onAcquire: onPoolAcquired,
  scrape: {
    up: appScrapeState.up,
    operations: async () => ({
      backup: { lastSuccess: new Date(Date.now() - 3_600_000), lastFailed: false },
      restore_drill: { lastSuccess: new Date(Date.now() - 86_400_000), lastFailed: false },
    }),
  },
});

let exposition = "";
let prometheus: ChildProcess | undefined;
let server: http.Server | undefined;
let prometheusPort = 0;
const dir = mkdtempSync(path.join(tmpdir(), "legendai-prometheus-"));

/** The names the exposition declares (a histogram's series too), and those with at least one sample now. */
function exportedNames(text: string): { declared: Set<string>; sampled: Set<string> } {
  const declared = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    declared.add(name);
    if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) declared.add(name + suffix);
  }
  const sampled = new Set(text.match(/^[a-z_:][a-z0-9_:]*(?=[{ ])/gm) ?? []);
  return { declared, sampled };
}

const metricsIn = (expr: string) => [...new Set(expr.match(/\blegendai_[a-z0-9_]+/g) ?? [])];

/** A Grafana expression as Prometheus takes it: the dashboard's variables filled in. */
const asPromQL = (expr: string) =>
  expr.replaceAll("$__rate_interval", "1m").replaceAll("$job", ".*").replaceAll("$instance", ".*");

async function query(expr: string): Promise<{ status: string; error?: string; data?: { result: unknown[] } }> {
  const url = `http://127.0.0.1:${prometheusPort}/api/v1/query?query=${encodeURIComponent(expr)}`;
  return (await fetch(url)).json();
}

beforeAll(async () => {
  await listScans({}); // a miss, then a hit: queries, cache lookups and pool checkouts to chart
  await listScans({});
  const token = "monitoring-files-test-token";
  server = http.createServer((request, response) => {
    if (request.url !== "/api/metrics" || request.headers.authorization !== `Bearer ${token}`) {
      response.writeHead(401).end();
      return;
    }
    void registry.metrics().then((text) => {
      response.writeHead(200, { "content-type": registry.contentType });
      response.end(text);
    });
  });
  const appPort = await freePort();
  await new Promise<void>((resolve) => server!.listen(appPort, "127.0.0.1", resolve));
  prometheusPort = await freePort();
  // The example configuration as shipped, pointed at this process, scraping every second.
  const config = parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as PrometheusConfig;
  const [job] = config.scrape_configs;
  writeFileSync(path.join(dir, "token"), token);
  Object.assign(job, {
    scrape_interval: "1s",
    scrape_timeout: "1s",
    static_configs: [{ targets: [`127.0.0.1:${appPort}`] }],
  });
  job.authorization.credentials_file = path.join(dir, "token");
  config.rule_files = [RULES];
  writeFileSync(
    path.join(dir, "prometheus.yml"),
    stringify({ global: { scrape_interval: "1s", evaluation_interval: "1s" }, ...config }),
  );
  prometheus = spawn(
    "prometheus",
    [
      `--config.file=${dir}/prometheus.yml`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
    ],
    { stdio: "ignore" },
  );
  await waitForPort(prometheusPort, 20_000);
  // Three scrapes: enough for rate() over a minute.
  await vi.waitUntil(
    async () => {
      const answer = await query("count_over_time(legendai_process_start_time_seconds[1m]) >= 3").catch(() => null);
      return (answer?.data?.result.length ?? 0) > 0;
    },
    { timeout: 30_000, interval: 250 },
  );
  exposition = await registry.metrics();
});

afterAll(async () => {
  prometheus?.kill();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("ops/prometheus/legendai-rules.yml", () => {
  it("passes promtool check rules and every unit test in legendai-rules.test.yml", () => {
    for (const args of [
      ["check", "rules", RULES],
      ["test", "rules", RULE_TESTS],
    ]) {
      const run = spawnSync("promtool", args, { cwd: HERE, encoding: "utf8" });
      expect(run.error).toBeUndefined();
      expect(`${run.stdout}${run.stderr}`).toMatch(/SUCCESS/);
      expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    }
  });

  it("gives every alert a for:, a severity and a summary, and a test where it fires and one where it does not", () => {
    const tests = (
      parse(readFileSync(RULE_TESTS, "utf8")) as {
        tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
      }
    ).tests.flatMap((t) => t.alert_rule_test);
    expect(rules.length).toBeGreaterThanOrEqual(15);
    for (const rule of rules) {
      expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      expect(["critical", "warning"], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toMatch(/: .{20,}/); // what is wrong: what to do
      const cases = tests.filter((t) => t.alertname === rule.alert);
      expect(
        cases.some((t) => t.exp_alerts.length > 0),
        `${rule.alert} fires in a test`,
      ).toBe(true);
      expect(
        cases.some((t) => t.exp_alerts.length === 0),
        `${rule.alert} stays quiet in a test`,
      ).toBe(true);
    }
  });

  it("names only metrics the app exports, and Prometheus evaluates every rule without an error", async () => {
    const { declared } = exportedNames(exposition);
    for (const rule of rules)
      for (const name of metricsIn(rule.expr)) expect(declared, `${rule.alert}: ${name}`).toContain(name);
    await vi.waitUntil(
      async () => {
        const answer = (await (await fetch(`http://127.0.0.1:${prometheusPort}/api/v1/rules`)).json()) as {
          data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
        };
        const loaded = answer.data.groups.flatMap((g) => g.rules);
        expect(loaded.map((r) => r.name).sort()).toEqual(rules.map((r) => r.alert).sort());
        expect(loaded.filter((r) => r.health === "err")).toEqual([]);
        return loaded.every((r) => r.health === "ok");
      },
      { timeout: 10_000, interval: 250 },
    );
  });
});

describe("ops/grafana/legendai-admin.json", () => {
  it("is a dashboard whose data source is a variable, with panels for the pool, queries, cache, operations, replicas and instances", () => {
    expect(dashboard).toMatchObject({ title: "LegendAI Admin", uid: "legendai-admin" });
    expect(dashboard.templating.list.find((v) => v.name === "datasource")).toMatchObject({
      type: "datasource",
      query: "prometheus",
    });
    const rows = dashboard.panels.filter((p) => p.type === "row").map((p) => p.title);
    expect(rows).toEqual([
      "Overview",
      "Connection pool",
      "Queries",
      "Cache",
      "Operations",
      "Read replicas",
      "Instances",
    ]);
    for (const panel of queryPanels) {
      expect(panel.datasource?.uid, panel.title).toBe("${datasource}");
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets!) expect(target.datasource.uid, panel.title).toBe("${datasource}");
    }
  });

  it("comes with a file provider for Grafana's provisioning", () => {
    const provisioning = parse(readFileSync(path.resolve("ops/grafana/provisioning.yml"), "utf8"));
    expect(provisioning).toMatchObject({
      apiVersion: 1,
      providers: [{ type: "file", options: { path: expect.any(String) } }],
    });
  });

  it("names only metrics the app exports", () => {
    const { declared } = exportedNames(exposition);
    const variables = dashboard.templating.list.map((v) => v.definition ?? "").join(" ");
    for (const expr of [...queryPanels.flatMap((p) => p.targets!.map((t) => t.expr)), variables]) {
      expect(metricsIn(expr).length, expr).toBeGreaterThan(0);
      for (const name of metricsIn(expr)) expect(declared, `${expr}: ${name}`).toContain(name);
    }
  });

  it("has every panel's query accepted by Prometheus and answered with data from a real scrape", async () => {
    for (const panel of queryPanels)
      for (const target of panel.targets!) {
        const answer = await query(asPromQL(target.expr));
        expect(answer.error, `${panel.title}: ${target.expr}`).toBeUndefined();
        expect(answer.status).toBe("success");
        expect(answer.data!.result.length, `${panel.title} (${target.refId}) shows no data`).toBeGreaterThan(0);
      }
    const jobs = await (
      await fetch(
        `http://127.0.0.1:${prometheusPort}/api/v1/label/job/values?match[]=legendai_process_start_time_seconds`,
      )
    ).json();
    expect(jobs.data).toEqual(["legendai-admin"]); // what the Job variable lists
  });
});
