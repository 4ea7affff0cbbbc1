// Production-like: Debian's nginx terminating TLS (a certificate made for the
// run) with the repository's ops/nginx/legendai-admin.conf, in front of an app
// instance with TRUSTED_PROXY_HOPS=1 and an https NEXTAUTH_URL. Secure
// cookies, HSTS, the client address nginx saw (never the one a client
// wrote), and nginx's own limits on bodies and slow clients.
import { connect as tlsConnect } from "node:tls";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { startNginx, type Nginx } from "@/test/nginx";
import { startAppInstance, USERS, type AppInstance } from "./helpers";

test.describe.configure({ mode: "serial" });

let app: AppInstance;
let nginx: Nginx;
let port: number;

test.beforeAll(async () => {
  const { freePort } = await import("@/test/private-cluster");
  port = await freePort(); // nginx's, known before the app starts: the app's NEXTAUTH_URL names it
  app = await startAppInstance({ TRUSTED_PROXY_HOPS: "1", NEXTAUTH_URL: `https://127.0.0.1:${port}` });
  nginx = await startNginx(app.port, port);
});
test.afterAll(() => {
  nginx?.stop();
  app?.kill();
});

test("over https: secure cookies, HSTS, and the address nginx saw, not the one the client wrote", async ({
  browser,
}) => {
  const context = await browser.newContext({
    baseURL: nginx.base,
    ignoreHTTPSErrors: true,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { "x-forwarded-for": "6.6.6.6" },
  });
  const page = await context.newPage();
  const login = await page.goto("/login");
  expect(login!.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  await page.getByLabel("Email").fill(USERS.admin.email);
  await page.getByLabel("Password").fill(USERS.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  const cookies = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
  expect(cookies["__Secure-next-auth.session-token"]).toMatchObject({ secure: true, httpOnly: true });
  expect(cookies["__Host-legendai-device"]).toMatchObject({ secure: true, httpOnly: true, path: "/" });

  await page.goto("/users");
  const sessions = page.getByTestId(`session-${USERS.admin.email}`);
  await expect(sessions.first()).toContainText("127.0.0.1");
  await expect(page.getByTestId("sessions")).not.toContainText("6.6.6.6");
  await context.close();
});

test("guesses that each claim a new X-Forwarded-For still count against the one address nginx saw", async () => {
  const api = await playwrightRequest.newContext({ baseURL: nginx.base, ignoreHTTPSErrors: true });
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const errors: string[] = [];
  for (let i = 0; i < 6; i++) {
    const answer = await api.post("/api/auth/callback/credentials", {
      headers: { "x-forwarded-for": `203.0.113.${i}` },
      form: { csrfToken, email: "spoofed@legendai.local", password: `guess ${i}`, json: "true" },
    });
    errors.push(new URL(((await answer.json()) as { url: string }).url).searchParams.get("error") ?? "");
  }
  expect(errors.slice(0, 5)).toEqual(Array(5).fill("CredentialsSignin"));
  expect(errors[5]).toMatch(/^Too many failed sign-ins for this account from this address/);
  await api.dispose();
});

test("nginx refuses a body over client_max_body_size, and cuts a client that trickles its body", async () => {
  const api = await playwrightRequest.newContext({ baseURL: nginx.base, ignoreHTTPSErrors: true });
  const big = await api.post("/api/scans/batch", { data: Buffer.alloc(10 * 1024 * 1024, 32) });
  expect(big.status()).toBe(413);
  await api.dispose();

  const started = Date.now();
  const reply = await new Promise<string>((resolve) => {
    const socket = tlsConnect({ host: "127.0.0.1", port: nginx.port, rejectUnauthorized: false }, () => {
      socket.write("POST /api/scans/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nx");
    });
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.on("close", () => resolve(text));
    socket.on("error", () => resolve(text));
  });
  // nginx drops the connection (its 408 is sent as a close) once client_body_timeout (10 s) passes;
  // the app never saw the request. Node alone would have held it for its 60 s request timeout.
  expect(reply).toBe("");
  expect(Date.now() - started).toBeLessThan(20_000);
});
