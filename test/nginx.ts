// A private nginx terminating TLS in front of an app instance, configured by
// the repository's own ops/nginx/legendai-admin.conf (ports, certificate and
// upstream swapped for this run's), with a self-signed certificate made here.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./private-cluster";

export type Nginx = { base: string; port: number; stop: () => void };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => resolve(!!socket.end()));
    socket.once("error", () => resolve(false));
  });

function certificate(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", key, "-out", cert],
      ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
    ],
    { stdio: "ignore" },
  );
  return { cert, key };
}

/** ops/nginx/legendai-admin.conf with this run's ports, certificate and upstream. */
function site(appPort: number, port: number, httpPort: number, tls: { cert: string; key: string }): string {
  const replacements: [string, string][] = [
    ["server 127.0.0.1:3000;", `server 127.0.0.1:${appPort};`],
    ["listen 443 ssl;", `listen 127.0.0.1:${port} ssl;`],
    ["listen 80;", `listen 127.0.0.1:${httpPort};`],
    ["/etc/ssl/certs/admin.example.com.pem", tls.cert],
    ["/etc/ssl/private/admin.example.com.key", tls.key],
  ];
  let text = readFileSync("ops/nginx/legendai-admin.conf", "utf8");
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`ops/nginx/legendai-admin.conf no longer has "${from}"`);
    text = text.replace(from, to);
  }
  return text;
}

/** nginx on `port` (a free one unless given), proxying to the app on `appPort`. */
export async function startNginx(appPort: number, port?: number): Promise<Nginx> {
  const dir = mkdtempSync(path.join(tmpdir(), "legendai-nginx-"));
  mkdirSync(path.join(dir, "temp"));
  port ??= await freePort();
  const httpPort = await freePort();
  writeFileSync(path.join(dir, "site.conf"), site(appPort, port, httpPort, certificate(dir)));
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, "temp", name)};`;
  writeFileSync(
    path.join(dir, "nginx.conf"),
    [
      process.getuid?.() === 0 ? "user root;" : "",
      "daemon off;",
      "worker_processes 1;",
      `pid ${path.join(dir, "nginx.pid")};`,
      `error_log ${path.join(dir, "error.log")} warn;`,
      "events { worker_connections 256; }",
      `http { access_log ${path.join(dir, "access.log")}; ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join(" ")}`,
      `  include ${path.join(dir, "site.conf")}; }`,
    ].join("\n"),
  );
  const child = spawn("nginx", ["-p", dir, "-e", path.join(dir, "error.log"), "-c", path.join(dir, "nginx.conf")], {
    stdio: "ignore",
  });
  for (let i = 0; i < 50 && !(await listening(port)); i++) await sleep(100);
  if (!(await listening(port)))
    throw new Error(`nginx did not start: ${readFileSync(path.join(dir, "error.log"), "utf8")}`);
  return {
    base: `https://127.0.0.1:${port}`,
    port,
    stop: () => {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
