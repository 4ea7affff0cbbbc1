// Hostile raw HTTP against the production server (server.ts in front of
// Next): server actions with oversized, truncated, mistyped and malformed
// bodies; wrong methods on static files and pages; hostile JSON for the
// routes; sign-in bodies over their limit and a flood of sign-ins. Every
// answer is a 2xx or 4xx that says what was wrong, never a 5xx.
import fc from "fast-check";
import { Readable } from "node:stream";
import { expect, test } from "@playwright/test";
import { cookieOf, multipart, send, serverActions } from "./raw-http";

const SAFE_ACTIONS = ["unlockUserAction", "explainAction", "markTriggeredAction", "acknowledgeIncidentAction"];
const actions = serverActions();
const unlock = actions.find((a) => a.name === "unlockUserAction")!;

test.describe("server actions", () => {
  const post = (baseURL: string, headers: Record<string, string>, body: Buffer | Readable) =>
    send(`${baseURL}${unlock.path}`, {
      headers: { cookie: cookieOf("admin"), "next-action": unlock.id, ...headers },
      body,
    });
  // As React sends it: the form's fields (prefixed with its reference) first, the arguments ("0") last.
  const form = multipart([
    ["_1_email", "nobody@legendai.local"],
    ["0", '[null,"$K1"]'],
  ]);

  test("a well-formed form is run; each way of breaking it is a 4xx that says what, with a reference", async ({
    baseURL,
  }) => {
    for (const body of [form.body, Readable.from([form.body])]) {
      const ok = await post(baseURL!, { "content-type": form.contentType }, body); // with a length, and chunked
      expect(ok.status).toBe(200);
      expect(ok.text).toContain("nobody@legendai.local can sign in again");
    }

    const cases: [string, Record<string, string>, Buffer | Readable, number, RegExp][] = [
      [
        "a field of 1 MB",
        { "content-type": form.contentType },
        multipart([
          ["0", '[null,"$K1"]'],
          ["_1_email", "a".repeat(1 << 20)],
        ]).body,
        413,
        /larger than 256 KB/,
      ],
      [
        "a 1 MB field sent without a Content-Length",
        { "content-type": form.contentType },
        Readable.from([
          multipart([
            ["0", '[null,"$K1"]'],
            ["_1_email", "a".repeat(1 << 20)],
          ]).body,
        ]),
        413,
        /larger than 256 KB/,
      ],
      ["not a form", { "content-type": "text/plain;charset=UTF-8" }, Buffer.from('[null,"$K1"]'), 400, /takes a form/],
      ["JSON", { "content-type": "application/json" }, Buffer.from("[]"), 400, /takes a form/],
      ["a truncated form", { "content-type": form.contentType }, form.body.subarray(0, 60), 400, /malformed multipart/],
      [
        "an empty body",
        { "content-type": form.contentType },
        Buffer.alloc(0),
        400,
        /malformed multipart|arguments are missing/,
      ],
      [
        "arguments not a list",
        { "content-type": form.contentType },
        multipart([["0", '{"a":1}']]).body,
        400,
        /must be \[previous state, form\]/,
      ],
      [
        "deeply nested",
        { "content-type": form.contentType },
        multipart([["0", `[${"[".repeat(5000)}${"]".repeat(5000)},"$K1"]`]]).body,
        400,
        /nest deeper/,
      ],
      [
        "a reference to a missing part",
        { "content-type": form.contentType },
        multipart([["0", '["$@7","$K1"]']]).body,
        400,
        /refer to parts/,
      ],
    ];
    for (const [what, headers, body, status, message] of cases) {
      const answer = await post(baseURL!, headers, body);
      expect(`${what}: ${answer.status} ${answer.text}`).toMatch(
        new RegExp(`^${what}: ${status} Refused: .*\\(reference [0-9a-f]{8}\\)`),
      );
      expect(answer.text, what).toMatch(message);
    }
  });

  test("any body, type and action id: never a 5xx", async ({ baseURL }) => {
    const targets = [
      ...actions.filter((a) => SAFE_ACTIONS.includes(a.name)),
      { id: "7f".padEnd(42, "0"), name: "bogus", path: "/users" },
    ];
    const field = fc.tuple(
      fc.constantFrom("0", "_1_email", "_1_id", "$ACTION_ID_x", "$ACTION_REF_1", "$ACTION_1:0", "$ACTION_KEY", "1_x"),
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          '[null,"$K1"]',
          '["$K1"]',
          '["$1"]',
          '{"a":1}',
          "[".repeat(300),
          '["$undefined","$K1"]',
          '["$D2024-02-30","$K1"]',
        ),
      ),
    );
    const body = fc.oneof(
      fc.array(field, { maxLength: 6 }).map((fields) => multipart(fields)),
      fc
        .uint8Array({ maxLength: 1500 })
        .map((bytes) => ({ contentType: "multipart/form-data; boundary=x", body: Buffer.from(bytes) })),
      fc
        .jsonValue()
        .map((v) => ({ contentType: "text/plain;charset=UTF-8", body: Buffer.from(JSON.stringify(v) ?? "") })),
      fc.string().map((s) => ({ contentType: "application/x-www-form-urlencoded", body: Buffer.from(s) })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        body,
        fc.boolean(),
        async (action, { contentType, body }, fetchAction) => {
          const answer = await send(`${baseURL}${action.path}`, {
            headers: {
              cookie: cookieOf("admin"),
              "content-type": contentType,
              ...(fetchAction ? { "next-action": action.id } : {}),
            },
            body,
          });
          expect(answer.status, answer.text.slice(0, 200)).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});

test("static files answer GET and HEAD only; pages GET, HEAD and POST: other methods are 405 with Allow", async ({
  baseURL,
  request,
}) => {
  const html = await (await request.get("/login")).text();
  const chunk = /\/_next\/static\/[^"]+\.js/.exec(html)![0];
  for (const path of ["/favicon.svg", "/robots.txt", chunk]) {
    expect((await request.get(path)).status(), path).toBe(200);
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
      const answer = await send(`${baseURL}${path}`, { method, body: method === "OPTIONS" ? undefined : "x" });
      expect(`${method} ${path}: ${answer.status} ${answer.headers.get("allow")}`).toBe(
        `${method} ${path}: 405 GET, HEAD`,
      );
    }
  }
  const put = await send(`${baseURL}/scans`, { method: "PUT", headers: { cookie: cookieOf("trader") }, body: "x" });
  expect([put.status, put.headers.get("allow")]).toEqual([405, "GET, HEAD, POST"]);
});

test.describe("route handlers", () => {
  const bearer = { authorization: "Bearer e2e-scanner-token", "content-type": "application/json" };
  const scan = (over: Record<string, unknown>) =>
    JSON.stringify([{ ticker: "AAPL", patternType: "VCP", score: 7, scannedAt: "2026-01-02T03:04:05Z", ...over }]);

  test("hostile JSON bodies are refused with what was wrong, and write nothing", async ({ baseURL }) => {
    const batch = (body: Buffer | string | Readable) => send(`${baseURL}/api/scans/batch`, { headers: bearer, body });
    const cases: [string, Buffer | string | Readable, number, RegExp][] = [
      ["an impossible date", scan({ scannedAt: "2024-02-30" }), 400, /scannedAt.*not a real date/s],
      ["hour 24", scan({ scannedAt: "2026-01-15T24:00:00Z" }), 400, /not a real date/],
      [
        "a __proto__ key",
        '[{"ticker":"AAPL","patternType":"VCP","score":7,"details":{"__proto__":{"x":1}}}]',
        400,
        /__proto__/,
      ],
      ["not JSON", "{", 400, /not valid JSON/],
      ["over the 8 MB limit", Buffer.alloc(9 * 1024 * 1024, 32), 413, /larger than/],
    ];
    for (const [what, body, status, message] of cases) {
      const answer = await batch(body);
      expect(`${what}: ${answer.status}`).toBe(`${what}: ${status}`);
      expect(answer.text, what).toMatch(message);
    }
  });

  test("dates in queries are exact; authenticated JSON is never cached", async ({ request }) => {
    const bad = await request.get("/api/scans?since=2024-02-30", { headers: { cookie: cookieOf("trader") } });
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toMatch(/since.*not a real date/s);
    const ok = await request.get("/api/scans?limit=1", { headers: { cookie: cookieOf("trader") } });
    expect(ok.status()).toBe(200);
    expect(ok.headers()["cache-control"]).toBe("no-store");
  });
});

test.describe("sign-in", () => {
  test("a body over 16 KB is refused with 413 before it is parsed", async ({ baseURL }) => {
    const big = `email=a%40x.test&password=${"p".repeat(20_000)}`;
    const answer = await send(`${baseURL}/api/auth/callback/credentials`, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: Readable.from([Buffer.from(big)]), // chunked: no Content-Length to go by
    });
    expect(answer.status).toBe(413);
    expect(answer.text).toContain("larger than 16 KB");
  });

  test("a flood of 200 sign-ins is answered 401 or 429 with Retry-After, never a 5xx", async ({ baseURL }) => {
    const csrf = await fetch(`${baseURL}/api/auth/csrf`);
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        send(`${baseURL}/api/auth/callback/credentials`, {
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            cookie,
            "x-forwarded-for": `10.77.${i >> 8}.${i & 255}`, // as many clients behind the trusted proxy
          },
          body: new URLSearchParams({
            csrfToken,
            email: `flood${i}@x.test`,
            password: "guess",
            json: "true",
          }).toString(),
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const busy = answers.filter((a) => a.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((a) => Number(a.headers.get("retry-after")) >= 1)).toBe(true);
    expect(JSON.parse(busy[0].text).error).toMatch(/Too many sign-ins at once/);
  });
});
