// pgBackRest, the engine: every command with this app's configuration file
// and stanza, as the cluster's OS user, and its `info` read as typed JSON.
import { z } from "zod";
import { env } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";
import { runAsCluster, type RunOptions } from "@/lib/pitr/run-as";

export class PitrNotSetUpError extends UserFacingError {
  constructor() {
    super("point-in-time recovery is not set up here: set PITR_STANZA and run npm run pitr:setup (see the README)");
  }
}

/** The stanza, or PitrNotSetUpError. */
export function stanza(): string {
  const name = env().PITR_STANZA;
  if (!name) throw new PitrNotSetUpError();
  return name;
}

/** `pgbackrest --config … --stanza … <args>` as the cluster's user. */
export const pgbackrest = (args: string[], options: RunOptions = {}) =>
  runAsCluster("pgbackrest", [`--config=${env().PITR_CONFIG}`, `--stanza=${stanza()}`, ...args], options);

/** A recovery target time as pgBackRest passes it to Postgres: "2026-11-30 10:31:02.123+00". */
export const targetTime = (at: Date) => at.toISOString().replace("T", " ").replace("Z", "+00");

/** A detail line's share done: "backup file …/base/1/1259 (8KB, 12.34%) checksum …" → 0.1234. */
export const fractionDone = (line: string) => {
  const match = /\(\S+, (\d+(?:\.\d+)?)%\)/.exec(line);
  return match ? Number(match[1]) / 100 : null;
};

const backupSchema = z.object({
  label: z.string(),
  type: z.enum(["full", "diff", "incr"]),
  timestamp: z.object({ start: z.number(), stop: z.number() }),
  archive: z.object({ start: z.string().nullable(), stop: z.string().nullable() }),
  info: z.object({ size: z.number(), repository: z.object({ size: z.number(), delta: z.number() }) }),
  lsn: z.object({ start: z.string(), stop: z.string() }).optional(),
  error: z.boolean().optional(),
});
const infoSchema = z.array(
  z.object({
    name: z.string(),
    status: z.object({ code: z.number(), message: z.string() }),
    cipher: z.string().optional(),
    archive: z.array(z.object({ id: z.string(), min: z.string().nullable(), max: z.string().nullable() })),
    backup: z.array(backupSchema),
  }),
);

export type PitrBackup = z.infer<typeof backupSchema>;
export type StanzaInfo = z.infer<typeof infoSchema>[number];

/** What the repository holds for the stanza (`pgbackrest info --output=json`). */
export async function stanzaInfo(options: RunOptions = {}): Promise<StanzaInfo> {
  const output = await pgbackrest(["info", "--output=json", "--log-level-console=off"], options);
  const parsed = infoSchema.parse(JSON.parse(output));
  const mine = parsed.find((s) => s.name === stanza());
  if (!mine) throw new Error(`pgBackRest knows no stanza ${stanza()} in ${env().PITR_CONFIG}`);
  return mine;
}
