// What every incident rule is: the facts it needs, how long its condition must
// hold before the incident fires, and what it finds. A rule returns the
// conditions that hold now, one per subject (a table, a sequence, a query
// family, ...), or null when it cannot tell: then its open incidents are left
// as they are, neither fired nor resolved.
import type { FactName, Facts } from "@/lib/incidents/facts";
import type { IncidentSettings } from "@/lib/incidents/settings";
import type { SharedEntry } from "@/lib/ops/catalog";

export type Condition = {
  subject: string;
  summary: string;
  /** A backup to keep whatever retention says. */ pin?: SharedEntry;
};

export type Rule = {
  id: string;
  title: string;
  /** The facts it reads: when one of them could not be read, the rule is not evaluated, and says why. */
  needs?: FactName[];
  /** How long the condition must hold before the incident fires (0: at once), or how to work it out from the settings. */
  forMs: number | ((settings: IncidentSettings) => number);
  evaluate: (facts: Facts, settings: IncidentSettings) => Condition[] | null;
};

export const holdFor = (rule: Pick<Rule, "forMs">, settings: IncidentSettings) =>
  typeof rule.forMs === "number" ? rule.forMs : rule.forMs(settings);

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const hours = (ms: number) => `${Math.round((ms / HOUR) * 10) / 10} h`;
export const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
export const count = (n: number) => Math.round(n).toLocaleString("en-US");
export const megabytes = (bytes: number) => `${count(bytes / 1024 / 1024)} MB`;
