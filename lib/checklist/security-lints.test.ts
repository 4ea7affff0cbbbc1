// The security lints, each provoked for real on a private cluster that also
// listens on this machine's network address (so a connection can come from
// "another machine"), and seen to turn from ok to a finding and back.
import { writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { connect, setSystem, statusOf } from "@/test/checklist-cluster";
import { startPrivatePostgres, type PrivatePostgres } from "@/test/private-cluster";
import { makeTestCertificate, type TestCertificate } from "@/test/tls-cert";

const lan = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
let server: PrivatePostgres;
let db: pg.Client;
let cert: TestCertificate;
const opened: pg.Client[] = [];
const open = async (url: string, options: Partial<pg.ClientConfig> = {}) => {
  const client = await connect(url, options);
  opened.push(client);
  return client;
};
const urlAs = (role: string, host = "127.0.0.1") =>
  Object.assign(new URL(server.url()), { username: role, password: "probe-password", hostname: host }).toString();

/** pg_hba.conf as given, then a reload. */
async function hba(lines: string[]) {
  writeFileSync(path.join(server.dir, "data", "pg_hba.conf"), `${lines.join("\n")}\n`);
  await db.query("SELECT pg_reload_conf()");
  await new Promise((resolve) => setTimeout(resolve, 300));
}
const TRUST_LOCAL = ["local all all trust", "host all all 127.0.0.1/32 trust"];

beforeAll(async () => {
  if (!lan) throw new Error("this machine has no non-loopback IPv4 address to connect from");
  server = await startPrivatePostgres({ listen_addresses: `'127.0.0.1,${lan}'` });
  db = await connect(server.url());
  cert = makeTestCertificate();
}, 60_000);
afterAll(async () => {
  await Promise.all([...opened, db].map((c) => c?.end().catch(() => {})));
  server?.destroy();
  cert?.remove();
  await closeDb();
});

describe("security lints on a private cluster", () => {
  it("the app's role: a superuser is a warning locally and a problem over the network; a table owner a warning; neither ok", async () => {
    expect(await statusOf(db, "app_role")).toEqual(["postgres:warning"]);
    await hba([...TRUST_LOCAL, `host all all ${lan}/32 trust`]);
    expect(await statusOf(await open(urlAs("postgres", lan)), "app_role")).toEqual(["postgres:problem"]);
    await db.query(`CREATE ROLE app_owner LOGIN PASSWORD 'probe-password'; CREATE ROLE app_reader LOGIN PASSWORD 'probe-password';
      CREATE TABLE owned_probe (id int); ALTER TABLE owned_probe OWNER TO app_owner; GRANT SELECT ON owned_probe TO app_reader`);
    expect(await statusOf(await open(urlAs("app_owner")), "app_role")).toEqual(["app_owner:warning"]);
    expect(await statusOf(await open(urlAs("app_reader")), "app_role")).toEqual([":ok"]);
  });

  it("password_encryption = md5 is a warning, and ok back on scram-sha-256", async () => {
    expect(await statusOf(db, "password_encryption")).toEqual([":ok"]);
    await setSystem(db, "password_encryption", "md5");
    expect(await statusOf(db, "password_encryption")).toEqual(["password_encryption:warning"]);
    await setSystem(db, "password_encryption", null);
    expect(await statusOf(db, "password_encryption")).toEqual([":ok"]);
  });

  it("SSL off while listening beyond this machine is a warning, a plain session from another address a problem, ok with SSL", async () => {
    await Promise.all(opened.splice(0).map((c) => c.end()));
    expect(await statusOf(db, "ssl_off")).toEqual(["ssl:warning"]);
    const plain = await open(urlAs("postgres", lan));
    expect(await statusOf(db, "ssl_off")).toEqual(["ssl:problem"]);
    await plain.end();
    await setSystem(db, "ssl_cert_file", cert.certFile);
    await setSystem(db, "ssl_key_file", cert.keyFile);
    await setSystem(db, "ssl", "on");
    await open(urlAs("postgres", lan), { ssl: { rejectUnauthorized: false } });
    expect(await statusOf(db, "ssl_off")).toEqual([":ok"]);
  });

  it("a SECURITY DEFINER function without a fixed search_path is a problem, and ok once it has one", async () => {
    expect(await statusOf(db, "security_definer")).toEqual([":ok"]);
    await db.query("CREATE FUNCTION definer_probe() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'");
    expect(await statusOf(db, "security_definer")).toEqual(["definer_probe():problem"]);
    await db.query("ALTER FUNCTION definer_probe() SET search_path = pg_catalog, public");
    expect(await statusOf(db, "security_definer")).toEqual([":ok"]);
  });

  it("an extension in public is a warning, and ok once moved to its own schema", async () => {
    expect(await statusOf(db, "extension_in_public")).toEqual([":ok"]);
    await db.query("CREATE EXTENSION pg_trgm");
    expect(await statusOf(db, "extension_in_public")).toEqual(["pg_trgm:warning"]);
    await db.query("CREATE SCHEMA extensions; ALTER EXTENSION pg_trgm SET SCHEMA extensions");
    expect(await statusOf(db, "extension_in_public")).toEqual([":ok"]);
  });

  it("CREATE on public granted to PUBLIC is a problem, and ok once revoked", async () => {
    expect(await statusOf(db, "public_create")).toEqual([":ok"]);
    await db.query("GRANT CREATE ON SCHEMA public TO PUBLIC");
    expect(await statusOf(db, "public_create")).toEqual(["public:problem"]);
    await db.query("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    expect(await statusOf(db, "public_create")).toEqual([":ok"]);
  });

  it("a role that logs in without a password is a warning, and ok once it has one", async () => {
    expect(await statusOf(db, "passwordless_login")).toEqual(["postgres:warning"]); // initdb's superuser
    await db.query("ALTER ROLE postgres PASSWORD 'probe-password'");
    expect(await statusOf(db, "passwordless_login")).toEqual([":ok"]);
    await db.query("CREATE ROLE passwordless_probe LOGIN");
    expect(await statusOf(db, "passwordless_login")).toEqual(["passwordless_probe:warning"]);
    await db.query("DROP ROLE passwordless_probe");
    expect(await statusOf(db, "passwordless_login")).toEqual([":ok"]);
  });

  it("trust in pg_hba.conf is a warning for this machine, a problem for another address, ok with passwords", async () => {
    await hba([...TRUST_LOCAL, `host all all ${lan}/32 trust`]);
    expect(await statusOf(db, "trust_auth")).toEqual([
      "pg_hba.conf:1:warning",
      "pg_hba.conf:2:warning",
      "pg_hba.conf:3:problem",
    ]);
    await hba(["local all all scram-sha-256", "host all all 127.0.0.1/32 scram-sha-256"]);
    expect(await statusOf(db, "trust_auth")).toEqual([":ok"]);
  });
});
