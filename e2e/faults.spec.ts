// One cell of the fault matrix per dependency (npm run faults runs all of
// them): on private services behind fault-injecting proxies, with the built
// app of its own, each fault fires its incident once on a channel that still
// works, /api/health answers within its budget with the right status, the
// pages behave, every other rule is still evaluated, and the incident
// resolves once when the fault clears.
import { expect, test } from "@playwright/test";
import { runCell, startRigApp, type RigApp } from "../test/fault-cell";
import { startFaultRig, type Dependency, type Fault, type FaultRig } from "../test/fault-rig";

test.describe.configure({ mode: "serial", timeout: 120_000 });

let rig: FaultRig;
let app: RigApp;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rig = await startFaultRig();
  app = await startRigApp(rig);
  await new Promise((resolve) => setTimeout(resolve, 5_000)); // the first evaluations settle
});
test.afterAll(async () => {
  app?.stop();
  await rig?.destroy();
});

const CELLS: [Dependency, Fault][] = [
  ["postgres", "stalled"],
  ["redis", "stalled"],
  ["s3", "slow"],
  ["webhook", "refused"],
  ["smtp", "stalled"],
  ["backup_dir", "full"],
];

for (const [dependency, fault] of CELLS) {
  test(`${dependency} ${fault}`, async () => {
    const result = await runCell(rig, app, dependency, fault);
    expect(result, result.observed).toMatchObject({ ok: true });
    expect(result.health_ms).toBeLessThanOrEqual(2_500);
  });
}
