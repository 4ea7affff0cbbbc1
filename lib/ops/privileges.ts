// Owners, grants and default privileges in a restore. A backup carries them;
// a restore gives them back where the restoring role may (the role exists,
// and for an owner, the restoring role is a superuser or a member of it).
// What it may not is left out and reported, one line each, instead of
// failing the whole restore or dropping it silently.
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type pg from "pg";
import { withPgClient } from "@/lib/db/pg-client";

export type Unrestorable = string;

/** The roles a database's objects belong or are granted to (recorded in each backup's manifest). */
export async function referencedRoles(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(`
    WITH schemas AS (SELECT oid, nspowner, nspacl FROM pg_namespace
                      WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'),
    ids AS (
      SELECT nspowner AS id FROM schemas
      UNION SELECT (aclexplode(nspacl)).grantee FROM schemas WHERE nspacl IS NOT NULL
      UNION SELECT relowner FROM pg_class WHERE relnamespace IN (SELECT oid FROM schemas)
      UNION SELECT (aclexplode(relacl)).grantee FROM pg_class WHERE relnamespace IN (SELECT oid FROM schemas) AND relacl IS NOT NULL
      UNION SELECT typowner FROM pg_type WHERE typnamespace IN (SELECT oid FROM schemas)
      UNION SELECT proowner FROM pg_proc WHERE pronamespace IN (SELECT oid FROM schemas)
      UNION SELECT defaclrole FROM pg_default_acl
      UNION SELECT (aclexplode(defaclacl)).grantee FROM pg_default_acl
    )
    SELECT rolname AS name FROM pg_roles WHERE oid IN (SELECT id FROM ids) ORDER BY 1`);
  return rows.map((r) => r.name);
}

type RoleCheck = (role: string, needsMembership: boolean) => string | null;

async function roleCheck(databaseUrl: string): Promise<RoleCheck> {
  const rows = await withPgClient(
    databaseUrl,
    async (client) =>
      (
        await client.query<{ name: string; member: boolean; superuser: boolean }>(
          `SELECT rolname AS name, pg_has_role(current_user, oid, 'MEMBER') AS member,
                  (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser FROM pg_roles`,
        )
      ).rows,
    "legendai-restore",
  );
  const roles = new Map(rows.map((r) => [r.name, r]));
  const superuser = rows[0]?.superuser ?? false;
  return (role, needsMembership) => {
    if (role === "PUBLIC") return null;
    const found = roles.get(role);
    if (!found) return `role ${role} does not exist on this server`;
    if (needsMembership && !superuser && !found.member) return `the restoring role may not act as ${role}`;
    return null;
  };
}

const ROLE = String.raw`("(?:[^"]|"")+"|[^\s,;]+)`;
const unquote = (role: string) => (role.startsWith('"') ? role.slice(1, -1).replace(/""/g, '"') : role);

const ROLE_AT_END = String.raw`${ROLE}(?: WITH GRANT OPTION)?;$`;

/**
 * The privilege statements pg_dump writes, one per line, and the roles each
 * depends on: the role acted as (it must be one the restoring role may be) and
 * the grantee (it must exist).
 */
const STATEMENTS: { pattern: RegExp; actsAs: boolean }[] = [
  { pattern: new RegExp(String.raw`^ALTER [A-Z ]+ .+ OWNER TO ${ROLE};$`), actsAs: true },
  {
    pattern: new RegExp(String.raw`^ALTER DEFAULT PRIVILEGES FOR ROLE ${ROLE} .* (?:TO|FROM) ${ROLE_AT_END}`),
    actsAs: true,
  },
  { pattern: new RegExp(String.raw`^GRANT .+ TO ${ROLE_AT_END}`), actsAs: false },
  { pattern: new RegExp(String.raw`^REVOKE .+ FROM ${ROLE};$`), actsAs: false },
];

function problemWith(line: string, check: RoleCheck): string | null {
  for (const { pattern, actsAs } of STATEMENTS) {
    const match = pattern.exec(line);
    if (!match) continue;
    const [, first, grantee] = match;
    return check(unquote(first), actsAs) ?? (grantee ? check(unquote(grantee), false) : null);
  }
  return null;
}

/**
 * Passes `sql` through, leaving out the owner and privilege statements whose
 * role this server or this role cannot honour (each recorded in
 * `notRestored`). `roles` (from the manifest) lets it skip the line-by-line
 * pass when every role is fine; without it every line is checked.
 */
export async function filterPrivileges(
  databaseUrl: string,
  sql: Readable,
  roles: string[] | null,
  notRestored: Unrestorable[],
): Promise<AsyncIterable<Buffer | string>> {
  const check = await roleCheck(databaseUrl);
  if (roles && roles.every((role) => check(role, true) === null)) return sql;
  return (async function* () {
    let inCopy = false;
    for await (const line of createInterface({ input: sql, crlfDelay: Infinity })) {
      if (inCopy) inCopy = line !== "\\.";
      else if (line.startsWith("COPY ") && line.endsWith("FROM stdin;")) inCopy = true;
      else {
        const problem = problemWith(line, check);
        if (problem) {
          notRestored.push(`${line.replace(/;$/, "")}: not restored (${problem})`);
          continue;
        }
      }
      yield `${line}\n`;
    }
  })();
}
