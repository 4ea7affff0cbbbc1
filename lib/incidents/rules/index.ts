// Every incident rule, by family (each family in its own file), and the one
// the evaluator reports itself when Postgres does not answer.
import { BACKUP_RULES } from "./backups";
import { DATABASE_RULES } from "./database";
import { DEPENDENCY_RULES } from "./dependencies";
import { PERFORMANCE_RULES } from "./performance";
import { PITR_RULES } from "./pitr";
import { PLAN_RULES } from "./plans";
import type { Rule } from "./rule";
import { SCHEMA_RULES } from "./schema";

export { holdFor, type Condition, type Rule } from "./rule";

export const RULES: Rule[] = [
  ...BACKUP_RULES,
  ...PERFORMANCE_RULES,
  ...PLAN_RULES,
  ...DEPENDENCY_RULES,
  ...DATABASE_RULES,
  ...PITR_RULES,
  ...SCHEMA_RULES,
];

/** Reported by the evaluator itself when it cannot reach Postgres (its state then lives in Redis). */
export const POSTGRES_RULE = { id: "postgres_unhealthy", title: "Postgres is unreachable" };

export const ruleTitle = (id: string) =>
  id === POSTGRES_RULE.id ? POSTGRES_RULE.title : (RULES.find((r) => r.id === id)?.title ?? id);
