// The built app as production runs it (`npm start`: server.ts, the front door
// in front of Next's handler) on a free port of 127.0.0.1, for the e2e suite,
// the load and fault benches; and a signed-in session over plain HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { freePort } from "./private-cluster";

export type AppServer = { port: number; base: string; child: ChildProcess; stop: () => void };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The command that serves the built app on `port` (also the Playwright config's web server). */
export const appServerCommand = (port: number) => ["npx", "tsx", "server.ts", "-p", String(port), "-H", "127.0.0.1"];

/** Starts it with `env` (NEXTAUTH_URL set to its address unless given); resolves once /api/health answers. */
export async function startAppServer(env: Record<string, string | undefined>, logFile?: string): Promise<AppServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const [command, ...args] = appServerCommand(port);
  const output = logFile ? openSync(logFile, "a") : "ignore";
  const child: ChildProcess = spawn(command, args, {
    env: { NEXTAUTH_URL: base, ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", output, output],
    detached: true, // its own process group: stopping it stops the server under npx
  });
  for (let i = 0; i < 120; i++) {
    const up = await fetch(`${base}/api/health`).then(
      (r) => r.status < 500 || r.status === 503,
      () => false,
    );
    if (up) break;
    await sleep(500);
  }
  const stop = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  return { port, base, child, stop };
}

/** A cookie jar for fetch: keeps what each answer sets. */
export function cookieJar() {
  const jar = new Map<string, string>();
  return {
    keep(response: Response): Response {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const [name, ...value] = pair.split("=");
        if (value.join("=")) jar.set(name, value.join("="));
        else jar.delete(name);
      }
      return response;
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
    has: (name: string) => jar.has(name),
  };
}

/** Signs in through next-auth's own endpoints, as the login form does; the jar then holds the session. */
export async function signInOverHttp(
  base: string,
  email: string,
  password: string,
  jar = cookieJar(),
  headers: Record<string, string> = {},
): Promise<{ jar: ReturnType<typeof cookieJar>; response: Response }> {
  const csrf = jar.keep(await fetch(`${base}/api/auth/csrf`, { headers: { ...headers, cookie: jar.header() } }));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = jar.keep(
    await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
      body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
      redirect: "manual",
    }),
  );
  return { jar, response };
}
