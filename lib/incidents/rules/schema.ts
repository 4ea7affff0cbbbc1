// The live schema drifted from its migrations: something was made or changed
// by hand. One incident per drifted object, raised once when it appears and
// resolved when it is adopted into a migration or removed.
import { describeDrift } from "@/lib/db/migrations/drift";
import type { Rule } from "./rule";

export const SCHEMA_RULES: Rule[] = [
  {
    id: "schema_drift",
    title: "The schema differs from its migrations",
    needs: ["drift"],
    forMs: 0,
    evaluate: ({ drift }) => drift.map((d) => ({ subject: d.key, summary: describeDrift(d) })),
  },
];
