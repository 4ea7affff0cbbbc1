// Sessions and sign-in throttles are the app's security state, not LegendAI's
// data: restoring an old backup must not bring back a session that was ended
// (a revoked cookie would work again) or lift a lock on an account under
// attack. Their rows are read before the restore and replace the restored ones
// inside the restore's own transaction. Should that fail (a backup from an
// older schema), every session ends instead: people sign in again.
import { randomBytes } from "node:crypto";
import { withPgClient } from "@/lib/db/pg-client";

export type SecurityState = { sessions: unknown[]; throttles: unknown[] };
/** Tables a restore carries over rather than restores; they are not compared with the backup. */
export const CARRIED_TABLES = ["audit_logs", "sessions", "sign_in_throttles"] as const;

export async function readSecurityState(databaseUrl: string): Promise<SecurityState> {
  return withPgClient(
    databaseUrl,
    async (client) => {
      const rowsOf = async (table: string) => {
        const exists = await client.query(`SELECT to_regclass($1) AS t`, [`public.${table}`]);
        return exists.rows[0].t ? (await client.query(`SELECT * FROM public.${table}`)).rows : [];
      };
      return { sessions: await rowsOf("sessions"), throttles: await rowsOf("sign_in_throttles") };
    },
    "legendai-restore",
  );
}

/** SQL that makes the restored sessions and throttles what they were before the restore. */
export function securityCarrySql(state: SecurityState): string {
  const quote = (rows: unknown[]) => {
    const tag = `$carry_${randomBytes(8).toString("hex")}$`; // cannot occur in the data: the JSON is quoted with it
    return `${tag}${JSON.stringify(rows)}${tag}`;
  };
  return `
DO $do$ BEGIN
  IF to_regclass('public.sessions') IS NOT NULL THEN
    BEGIN
      DELETE FROM public.sessions;
      INSERT INTO public.sessions SELECT r.* FROM json_populate_recordset(NULL::public.sessions, ${quote(state.sessions)}) r
        WHERE EXISTS (SELECT 1 FROM public.users u WHERE u.id = r.user_id);
    EXCEPTION WHEN others THEN
      DELETE FROM public.sessions;
    END;
  END IF;
  IF to_regclass('public.sign_in_throttles') IS NOT NULL THEN
    BEGIN
      DELETE FROM public.sign_in_throttles;
      INSERT INTO public.sign_in_throttles
        SELECT r.* FROM json_populate_recordset(NULL::public.sign_in_throttles, ${quote(state.throttles)}) r;
    EXCEPTION WHEN others THEN
      NULL; -- an older schema: the restored throttles stay
    END;
  END IF;
END $do$;
`;
}
