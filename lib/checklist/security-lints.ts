// Security lints: what lets a bug or a stolen password do more than it
// should. The app's role is a superuser or owns the tables (it can DROP
// them); passwords hashed with md5; SSL off where clients come from other
// machines; SECURITY DEFINER functions without a fixed search_path;
// extensions in public; CREATE on public for everyone; roles that log in
// without a password; trust authentication. On a database only this machine
// can reach, the first and the last two are warnings; reachable from
// elsewhere, problems.
import { sql, type SqlTarget } from "@/lib/db/sql";
import { findingsOf, notChecked, PG_DOCS, type CheckFinding } from "./check";
import { isLocal } from "./machine";

const APP_ROLE_FIX =
  "connect the app as a role that owns nothing (README: An app role); keep the owner for DIRECT_DATABASE_URL";

async function appRole(db?: SqlTarget): Promise<CheckFinding[]> {
  const check = {
    id: "app_role",
    title: "The app connects with more power than it needs",
    docs: `${PG_DOCS}ddl-priv.html`,
  };
  const [[r], local] = await Promise.all([
    sql<{ role: string; superuser: boolean; owned: number }>(
      "Checklist.appRole",
      `SELECT current_user AS role, r.rolsuper AS superuser,
              (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
      [],
      db,
    ),
    isLocal(db),
  ]);
  const status = local ? ("warning" as const) : ("problem" as const);
  const where = local ? "on a database only this machine reaches" : "over the network";
  return findingsOf(
    check,
    r.superuser
      ? [
          {
            status,
            subject: r.role,
            summary: `the app connects as ${r.role}, a superuser (${where}): a bug or a leaked DATABASE_URL can read files, run programs and drop anything`,
            fix: APP_ROLE_FIX,
          },
        ]
      : r.owned > 0
        ? [
            {
              status: "warning",
              subject: r.role,
              summary: `the app connects as ${r.role}, the owner of ${r.owned} table(s): it can DROP or ALTER them`,
              fix: APP_ROLE_FIX,
            },
          ]
        : [],
    `the app connects as ${r.role}: no superuser, owns no table`,
  );
}

async function serverSettings(db?: SqlTarget): Promise<CheckFinding[]> {
  const md5 = {
    id: "password_encryption",
    title: "Passwords are hashed with md5",
    docs: `${PG_DOCS}auth-password.html`,
  };
  const ssl = {
    id: "ssl_off",
    title: "Connections from other machines are not encrypted",
    docs: `${PG_DOCS}ssl-tcp.html`,
  };
  const [r] = await sql<{ encryption: string; ssl: string; listen: string; plain: number }>(
    "Checklist.securitySettings",
    `SELECT current_setting('password_encryption') AS encryption, current_setting('ssl') AS ssl,
              current_setting('listen_addresses') AS listen,
              (SELECT count(*)::int FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                WHERE NOT s.ssl AND a.client_addr IS NOT NULL
                  AND NOT (a.client_addr << '127.0.0.0/8'::inet OR a.client_addr = '::1'::inet)) AS plain`,
    [],
    db,
  );
  const localOnly = r.listen
    .split(",")
    .map((a) => a.trim())
    .every((a) => ["", "localhost", "127.0.0.1", "::1"].includes(a));
  return [
    ...findingsOf(
      md5,
      r.encryption === "md5"
        ? [
            {
              status: "warning",
              subject: "password_encryption",
              summary:
                "password_encryption = md5: new passwords are stored as md5 hashes, weak against a stolen pg_authid and replayable",
              fix: "ALTER SYSTEM SET password_encryption = 'scram-sha-256'; SELECT pg_reload_conf(); then set each role's password again",
            },
          ]
        : [],
      `password_encryption = ${r.encryption}`,
    ),
    ...findingsOf(
      ssl,
      r.plain > 0
        ? [
            {
              status: "problem",
              subject: "ssl",
              summary: `${r.plain} session(s) from other machines without SSL: their passwords and data cross the network in the clear`,
              fix: "ssl = on with a certificate (ALTER SYSTEM SET ssl = on), then hostssl instead of host lines in pg_hba.conf",
            },
          ]
        : r.ssl === "off" && !localOnly
          ? [
              {
                status: "warning",
                subject: "ssl",
                summary: `ssl is off while Postgres listens on ${r.listen}: a client from another machine would connect unencrypted`,
                fix: "ALTER SYSTEM SET ssl = on (with ssl_cert_file and ssl_key_file); SELECT pg_reload_conf();",
              },
            ]
          : [],
      r.ssl === "on" ? "ssl is on" : `ssl is off; Postgres listens on ${r.listen || "no TCP address"} only`,
    ),
  ];
}

async function schemaSecurity(db?: SqlTarget): Promise<CheckFinding[]> {
  const definer = {
    id: "security_definer",
    title: "A SECURITY DEFINER function has no fixed search_path",
    docs: `${PG_DOCS}sql-createfunction.html#SQL-CREATEFUNCTION-SECURITY`,
  };
  const extensions = {
    id: "extension_in_public",
    title: "An extension is installed in public",
    docs: `${PG_DOCS}sql-createextension.html`,
  };
  const [functions, installed] = await Promise.all([
    sql<{ fn: string }>(
      "Checklist.securityDefiner",
      `SELECT p.oid::regprocedure::text AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e')
        ORDER BY 1`,
      [],
      db,
    ),
    sql<{ name: string; relocatable: boolean }>(
      "Checklist.extensionsInPublic",
      `SELECT e.extname AS name, e.extrelocatable AS relocatable FROM pg_extension e
         JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = 'public' ORDER BY 1`,
      [],
      db,
    ),
  ]);
  return [
    ...findingsOf(
      definer,
      functions.map((f) => ({
        status: "problem",
        subject: f.fn,
        summary: `${f.fn} runs as its owner and resolves names through the caller's search_path: a caller can make it run their own function`,
        fix: `ALTER FUNCTION ${f.fn} SET search_path = pg_catalog, public;`,
      })),
      "every SECURITY DEFINER function fixes its search_path (or there is none)",
    ),
    ...findingsOf(
      extensions,
      installed.map((e) => ({
        status: "warning",
        subject: e.name,
        summary: `extension ${e.name} is installed in public: its objects mix with the app's and anyone allowed to create in public can shadow them`,
        fix: e.relocatable
          ? `CREATE SCHEMA IF NOT EXISTS extensions; ALTER EXTENSION ${e.name} SET SCHEMA extensions;`
          : `DROP EXTENSION ${e.name}; CREATE EXTENSION ${e.name} WITH SCHEMA extensions; (it cannot be moved)`,
      })),
      "no extension installed in public",
    ),
  ];
}

async function publicSchemaCreate(db?: SqlTarget): Promise<CheckFinding[]> {
  const publicCreate = {
    id: "public_create",
    title: "Everyone may create objects in public",
    docs: `${PG_DOCS}ddl-schemas.html#DDL-SCHEMAS-PATTERNS`,
  };
  const [grant] = await sql<{ granted: boolean }>(
    "Checklist.publicCreate",
    `SELECT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(n.nspacl) a
                       WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE') AS granted`,
    [],
    db,
  );
  return findingsOf(
    publicCreate,
    grant.granted
      ? [
          {
            status: "problem",
            subject: "public",
            summary:
              "CREATE on schema public is granted to PUBLIC: any role can plant a function or operator that the app's queries then call",
            fix: "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
          },
        ]
      : [],
    "CREATE on public is not granted to everyone",
  );
}

async function authentication(db?: SqlTarget): Promise<CheckFinding[]> {
  const passwordless = {
    id: "passwordless_login",
    title: "A role logs in without a password",
    docs: `${PG_DOCS}sql-alterrole.html`,
  };
  const trust = {
    id: "trust_auth",
    title: "pg_hba.conf trusts connections without a password",
    docs: `${PG_DOCS}auth-trust.html`,
  };
  const roles = await sql<{ role: string }>(
    "Checklist.passwordless",
    `SELECT rolname AS role FROM pg_authid WHERE rolcanlogin AND rolpassword IS NULL ORDER BY 1`,
    [],
    db,
  ).catch((e: Error) => e);
  const rules = await sql<{ line: number; type: string; address: string | null; netmask: string | null }>(
    "Checklist.trustRules",
    `SELECT line_number AS line, type, address, netmask FROM pg_hba_file_rules WHERE auth_method = 'trust' AND error IS NULL ORDER BY 1`,
    [],
    db,
  ).catch((e: Error) => e);
  const loopback = (r: { type: string; address: string | null }) =>
    r.type === "local" || ["127.0.0.1", "::1", "localhost", "samehost"].includes(r.address ?? "");
  const why = "pg_authid and pg_hba_file_rules are readable only by a superuser: run npm run doctor as one to see them";
  return [
    ...(roles instanceof Error
      ? [notChecked(passwordless, `${roles.message} (${why})`)]
      : findingsOf(
          passwordless,
          roles.map((r) => ({
            status: "warning",
            subject: r.role,
            summary: `${r.role} can log in and has no password: only pg_hba.conf keeps others out`,
            fix: `ALTER ROLE ${r.role} PASSWORD '…'; (psql: \\password ${r.role})`,
          })),
          "every role that logs in has a password",
        )),
    ...(rules instanceof Error
      ? [notChecked(trust, `${rules.message} (${why})`)]
      : findingsOf(
          trust,
          rules.map((r) => ({
            status: loopback(r) ? "warning" : "problem",
            subject: `pg_hba.conf:${r.line}`,
            summary: loopback(r)
              ? `line ${r.line} trusts ${r.type === "local" ? "Unix-socket" : r.address} connections: anyone with a shell on this machine connects as any role`
              : `line ${r.line} trusts connections from ${r.address}/${r.netmask}: anyone on that network connects as any role without a password`,
            fix: `change line ${r.line}'s method to scram-sha-256 and give each role a password; then SELECT pg_reload_conf();`,
          })),
          "no pg_hba.conf line trusts a connection without a password",
        )),
  ];
}

export const securityLints = (db?: SqlTarget): [string, Promise<CheckFinding[]>][] => [
  ["the app's role", appRole(db)],
  ["security settings", serverSettings(db)],
  ["functions and extensions", schemaSecurity(db)],
  ["schema privileges", publicSchemaCreate(db)],
  ["authentication", authentication(db)],
];
