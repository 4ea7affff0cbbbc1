// OpenTelemetry traces from an app instance of its own, exported over OTLP/HTTP
// to a small receiver: one scans-page request is one trace, the request's span
// holding the cache lookup, which holds the query and its statements; and no
// span, anywhere, carries the password, the session cookie, a token or a
// value the page passed to SQL as a parameter.
import { expect, test } from "@playwright/test";
import { signInOverHttp } from "@/test/app-server";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "@/test/otlp-receiver";
import { startAppInstance, USERS, type AppInstance } from "./helpers";

test.describe.configure({ mode: "serial" });

const SCANNER_TOKEN = "e2e-traces-scanner-token-5d1c";
const TICKER = "ZQXW"; // a filter value: a parameter of the scans query
let receiver: OtlpReceiver;
let app: AppInstance;

test.beforeAll(async () => {
  receiver = await startOtlpReceiver();
  app = await startAppInstance({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: "legendai-admin-e2e",
    SCANNER_API_TOKEN: SCANNER_TOKEN,
  });
});
test.afterAll(async () => {
  app?.kill();
  await receiver?.close();
});

/** The chain of parents from `span` up to its trace's root. */
function ancestors(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  for (let at = span; at.parentSpanId;) {
    const parent = spans.find((s) => s.spanId === at.parentSpanId && s.traceId === at.traceId);
    if (!parent) break;
    chain.push(parent);
    at = parent;
  }
  return chain;
}

test("a scans-page request is one trace: request > cache lookup > query > statement, and no secret or parameter value in any span", async () => {
  const { jar } = await signInOverHttp(app.base, USERS.trader.email, USERS.trader.password);
  const page = await fetch(app.url(`/scans?ticker=${TICKER}&minScore=3`), { headers: { cookie: jar.header() } });
  expect(page.status).toBe(200);
  const upload = await fetch(app.url("/api/scans/batch"), {
    method: "POST",
    headers: { authorization: `Bearer ${SCANNER_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify([{ ticker: "QTRC", patternType: "VCP", score: 8.5 }]),
  });
  expect(upload.status).toBe(201);

  // The statement of the scans query, sent while the page was rendered (spans leave in batches, every second).
  let statement: ReceivedSpan | undefined;
  await expect
    .poll(
      () => {
        statement = receiver.spans.find(
          (s) =>
            /pattern_scans/.test(String(s.attributes["db.query.text"])) &&
            ancestors(s, receiver.spans).some((a) => a.attributes["http.route"] === "/scans"),
        );
        return statement !== undefined;
      },
      { timeout: 20_000 },
    )
    .toBe(true);

  const chain = ancestors(statement!, receiver.spans);
  expect(chain.at(-1)!.parentSpanId).toBeNull(); // the whole chain up to the trace's root arrived
  const request = chain.find((s) => s.attributes["http.route"] === "/scans")!;
  expect(request).toMatchObject({ name: "GET /scans", service: "legendai-admin-e2e" });
  expect(request.attributes["http.target"]).toBe("/scans?ticker=?&minScore=?"); // the names, not the values
  const cache = chain.find((s) => s.name === "cache listScans")!;
  expect(cache.attributes).toMatchObject({ "legendai.cache.hit": false, "legendai.cache.result": "miss" });
  expect(chain.indexOf(cache)).toBeLessThan(chain.indexOf(request)); // the cache lookup is inside the request
  expect(statement!.attributes).toMatchObject({
    "db.system.name": "postgresql",
    "db.operation.name": "SELECT",
    "legendai.query.family": expect.stringMatching(/^PatternScan\./),
  });
  expect(statement!.attributes["db.query.text"]).toMatch(/\$1/); // parameters as placeholders

  // The upload: its own trace, with the INSERT under the request.
  const insert = receiver.spans.find((s) => /INSERT INTO pattern_scans/.test(String(s.attributes["db.query.text"])));
  expect(insert).toBeDefined();
  expect(ancestors(insert!, receiver.spans).at(-1)!.name).toMatch(/^POST \/api\/scans\/batch/);

  const everything = receiver.bodies.join("\n");
  const session = /session-token=([^;]+)/.exec(jar.header())?.[1];
  expect(session).toBeDefined();
  for (const secret of [
    USERS.trader.password,
    USERS.trader.email, // the sign-in's lookup parameter
    session!,
    SCANNER_TOKEN,
    TICKER,
    "QTRC",
  ])
    expect(everything, `a span carries ${secret.slice(0, 6)}…`).not.toContain(secret);
});
