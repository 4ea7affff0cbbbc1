// Property-based: whatever a form posts, as whoever (signed out, trader,
// operator, admin), a server action answers with a state, never an internal
// error, and a refused one changes nothing.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { createUser } from "@/lib/db/queries/users";
import type { SessionUser } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { changeRoleAction, createUserAction, resetPasswordAction, setDisabledAction, unlockUserAction } from "./users";
import { addToWatchlistAction, markTriggeredAction, removeFromWatchlistAction } from "./watchlists";
import { endSessionAction, explainAction, explainAnalyzeAction } from "./insights";
import { restoreLatestAction } from "./ops";
import { acknowledgeIncidentAction, saveIncidentSettingsAction, snoozeIncidentAction } from "./incidents";
import { env } from "@/lib/env";
import { query } from "@/test/sql";
import { resetData } from "@/test/reset";
import { text } from "@/test/fuzz-values";

/** Each action with a form it would accept: the fuzzer replaces some of its fields with hostile values. */
const ACTIONS = {
  createUserAction: [
    createUserAction,
    { email: "new@fuzz.test", name: "New", role: "trader", password: "a good long password" },
  ],
  changeRoleAction: [changeRoleAction, { id: "2", role: "operator" }],
  resetPasswordAction: [resetPasswordAction, { id: "2", password: "another long password" }],
  setDisabledAction: [setDisabledAction, { id: "2", disabled: "false" }],
  unlockUserAction: [unlockUserAction, { email: "trader@fuzz.test" }],
  addToWatchlistAction: [addToWatchlistAction, { ticker: "AAPL", notes: "n", targetPrice: "10", patternType: "VCP" }],
  markTriggeredAction: [markTriggeredAction, { id: "1" }],
  removeFromWatchlistAction: [removeFromWatchlistAction, { id: "1" }],
  explainAction: [explainAction, { query: "recent_scans" }],
  explainAnalyzeAction: [explainAnalyzeAction, { target: "family:PatternScan.findMany by ticker", p1: "AAPL" }],
  restoreLatestAction: [restoreLatestAction, { backup: "legendai_db_20260101_000000.sql.gz", confirm: "restore" }],
  endSessionAction: [endSessionAction, { pid: "1", mode: "cancel", confirm: "1" }],
  acknowledgeIncidentAction: [acknowledgeIncidentAction, { id: "1" }],
  snoozeIncidentAction: [snoozeIncidentAction, { id: "1", hours: "4" }],
  saveIncidentSettingsAction: [saveIncidentSettingsAction, { backupMaxAgeHours: "26", targetRtoMinutes: "30" }],
} as const;
const EXTRA = ["x", "__proto__", "constructor"];
/** Tried in every field of every action, as every user, before the random runs. */
const EDGES = ["", "\u0000", "x\ud800", "2147483648", "-1", "1e400", "a".repeat(5000)];
const users: (SessionUser | null)[] = [null];

/** What a refused action must not have changed. */
const fingerprint = () =>
  query<{ t: string }>(
    env().DATABASE_URL,
    `SELECT (SELECT md5(coalesce(string_agg(u::text, ',' ORDER BY id), '')) FROM users u)
         || (SELECT md5(coalesce(string_agg(w::text, ',' ORDER BY id), '')) FROM watchlists w)
         || (SELECT md5(coalesce(string_agg(s::text, ',' ORDER BY key), '')) FROM sign_in_throttles s)
         || (SELECT md5(coalesce(string_agg(a::text, ',' ORDER BY key), '')) FROM app_settings a)
         || (SELECT md5(coalesce(string_agg(i::text, ',' ORDER BY id), '')) FROM alert_incidents i) AS t`,
  ).then((rows) => rows[0].t);

beforeAll(async () => {
  await resetData();
  for (const role of ["trader", "operator", "admin"] as Role[]) {
    const u = await createUser({ email: `${role}@fuzz.test`, name: role, role, password: "a good long password" });
    users.push({ id: u.id, email: u.email, name: u.name, role });
  }
});
afterAll(() => closeDb());

describe("server actions under fuzzing", () => {
  it.each(Object.entries(ACTIONS))(
    "%s answers any form, as anyone, without an internal error",
    async (_name, entry) => {
      const [action, valid] = entry as unknown as [(typeof ACTIONS)[keyof typeof ACTIONS][0], Record<string, string>];
      const hostile = fc.dictionary(fc.constantFrom(...Object.keys(valid), ...EXTRA), text, { minKeys: 1, maxKeys: 2 });
      const form = hostile.map((fields) => ({ ...valid, ...fields }));
      const examples = Object.keys(valid).flatMap((key) =>
        EDGES.flatMap((edge) =>
          users.map((user) => [{ ...valid, [key]: edge }, user] as [Record<string, string>, SessionUser | null]),
        ),
      );
      await fc.assert(
        fc.asyncProperty(form, fc.constantFrom(...users), async (fields, user) => {
          const data = new FormData();
          for (const [key, value] of Object.entries(fields)) data.set(key, value);
          const before = await fingerprint();
          const state = await action.runAs(user, data);
          expect(typeof state.ok).toBe("boolean");
          expect(state.message).not.toMatch(/internal error|Invalid `prisma|violates|out of range|P\d{4}/);
          if (!state.ok) expect(await fingerprint()).toBe(before);
        }),
        { numRuns: 100, examples },
      );
    },
  );
});
