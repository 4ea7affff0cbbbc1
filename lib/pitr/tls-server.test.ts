// A database on another host, reached through pgBackRest's own TLS server, on
// loopback: the "database host" runs `pgbackrest server` with a configuration
// an operator writes there (its archive-push goes to the repository host's
// TLS server); the app's host holds the repository, runs its own
// `pgbackrest server` for that, and pitr:setup writes its configuration with
// pg1-host-type=tls. Set-up, archiving, a backup and status all go over TLS.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { asClusterUser, runAsCluster } from "@/lib/pitr/run-as";
import { pitrStatus } from "@/lib/pitr/status";
import { pitrFixture, type PitrFixture } from "@/test/pitr-fixture";
import { freePort } from "@/test/private-cluster";
import { CLIENT_NAME, makeTestCertificate, type TestCertificate } from "@/test/tls-cert";

let certificate: TestCertificate;
let fx: PitrFixture;
const servers: { child: ChildProcess; config: string }[] = [];
const said: string[] = [];

async function startServer(config: string, port: number): Promise<void> {
  const [file, args] = asClusterUser("pgbackrest", [`--config=${config}`, "server"]);
  const child = spawn(file, args, { stdio: "ignore", cwd: "/" });
  servers.push({ child, config });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`pgbackrest server did not listen on ${port}`);
}

const writeAsCluster = (file: string, lines: string[]) =>
  runAsCluster("sh", ["-c", 'umask 077 && cat > "$1"', "sh", file], { input: `${lines.join("\n")}\n` });

beforeAll(async () => {
  certificate = makeTestCertificate();
  const tls = (prefix: string) => [
    `${prefix}-cert-file=${certificate.clientCertFile}`,
    `${prefix}-key-file=${certificate.clientKeyFile}`,
    `${prefix}-ca-file=${certificate.caFile}`,
  ];
  const serverTls = (port: number, stanza: string) => [
    "tls-server-address=localhost",
    `tls-server-port=${port}`,
    `tls-server-cert-file=${certificate.certFile}`,
    `tls-server-key-file=${certificate.keyFile}`,
    `tls-server-ca-file=${certificate.caFile}`,
    `tls-server-auth=${CLIENT_NAME}=${stanza}`,
  ];
  fx = await pitrFixture("tls", {
    scans: 500,
    env: { PITR_CIPHER_PASS: "" },
    say: (line) => said.push(line),
    beforeSetup: async (cluster) => {
      const [dbPort, repoPort] = [await freePort(), await freePort()];
      const stanza = `tls_${dbPort}`;
      const repo = path.join(cluster.dir, "repo");
      // The repository host's server: it answers the database host's archive-push.
      const repoServer = path.join(cluster.dir, "repo-server.conf");
      await writeAsCluster(repoServer, ["[global]", `repo1-path=${repo}`, ...serverTls(repoPort, stanza)]);
      // The database host's configuration, as its operator writes it.
      const dbHost = path.join(cluster.dir, "db-host.conf");
      await writeAsCluster(dbHost, [
        "[global]",
        "repo1-host=localhost",
        `repo1-path=${repo}`,
        "repo1-host-type=tls",
        `repo1-host-port=${repoPort}`,
        ...tls("repo1-host"),
        ...serverTls(dbPort, stanza),
        "log-level-file=off",
        "log-level-console=info",
        `[${stanza}]`,
        `pg1-path=${path.join(cluster.dir, "data")}`,
        `pg1-port=${cluster.port}`,
        `pg1-socket-path=${cluster.dir}`,
      ]);
      await startServer(repoServer, repoPort);
      await startServer(dbHost, dbPort);
      return {
        PITR_STANZA: stanza,
        PITR_PG_HOST: "localhost",
        PITR_PG_HOST_PORT: String(dbPort),
        PITR_TLS_CERT_FILE: certificate.clientCertFile,
        PITR_TLS_KEY_FILE: certificate.clientKeyFile,
        PITR_TLS_CA_FILE: certificate.caFile,
        PITR_DB_HOST_CONFIG: dbHost,
      };
    },
  });
}, 180_000);
afterAll(async () => {
  // The cluster first: at shutdown it archives its last segment through the servers below.
  if (fx) await runAsCluster("sh", ["-c", fx.cluster.stopCommand]).catch(() => {});
  for (const { child, config } of servers) {
    child.kill();
    await runAsCluster("pkill", ["-f", `--config=${config} server`]).catch(() => {}); // runuser's child
  }
  fx?.cleanup();
  certificate?.remove();
  await closeDb();
});

it("sets up, archives and backs up a database reached through pgBackRest's TLS server", async () => {
  expect(said).toEqual(
    expect.arrayContaining([
      "pgbackrest check: WAL archiving and the repository work",
      "first full backup taken: the cluster can be recovered to any second from now on",
    ]),
  );
  await fx.archived();
  const status = await fx.run(() => pitrStatus());
  if (status.state !== "ok") throw new Error(status.reason);
  expect(status.backups.map((b) => b.type)).toEqual(["full"]);
  expect(status.archiver).toMatchObject({ failing: false, rpoS: 0 });
}, 60_000);
