// The audit log: who did what, when, with what result.
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { textInput } from "@/lib/validation";
import { checkCursors, COUNT_CAP, keysetFields, keysetPage, type KeysetOrder } from "@/lib/db/queries/cursor";
import { keysetQuery } from "@/lib/db/queries/keyset-prisma";

const log = logger("audit");

export type AuditEntry = {
  actor: string;
  action: string;
  target?: string | null;
  outcome: "ok" | "denied" | "failed";
  details?: Record<string, unknown>;
};

/** Records an entry; a failure to record is logged, never thrown at the user's action. */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  try {
    await prisma().auditLog.create({
      data: {
        ...entry,
        target: entry.target ?? null,
        details: (entry.details ?? undefined) as Prisma.InputJsonValue | undefined,
      },
    });
  } catch (error) {
    log.error(`could not record ${entry.action} by ${entry.actor}: ${(error as Error).message}`);
  }
}

export type Outcome = { ok: boolean; at: Date; message: string | null };

/** How the last run of an operation ended (finished, or refused before it began), whoever started it. */
export async function lastOperationOutcome(kind: string): Promise<Outcome | null> {
  const row = await prisma().auditLog.findFirst({
    where: { OR: [{ action: `${kind}:finished` }, { action: kind, outcome: "failed" }] },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { outcome: true, at: true, details: true },
  });
  if (!row) return null;
  const message = (row.details as { message?: unknown } | null)?.message;
  return { ok: row.outcome === "ok", at: row.at, message: typeof message === "string" ? message : null };
}

/** The newest entry of `action` that went well: when, and its details. */
export async function lastAuditDetails(action: string): Promise<{ at: Date; details: unknown } | null> {
  return prisma().auditLog.findFirst({
    where: { action, outcome: "ok" },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { at: true, details: true },
  });
}

/** When `action` last had `outcome`, or null. */
export async function lastAudited(action: string, outcome: AuditEntry["outcome"]): Promise<{ at: Date } | null> {
  return prisma().auditLog.findFirst({ where: { action, outcome }, orderBy: { at: "desc" }, select: { at: true } });
}

const AUDIT_ORDER = [
  { field: "at", direction: "desc", type: "date" },
  { field: "id", direction: "desc", type: "number" },
] as const satisfies KeysetOrder;

export const AUDIT_PAGE_SIZE = 50;

export const auditParams = z
  .object({
    actor: textInput(255).optional(),
    action: textInput(64).optional(),
    outcome: z.enum(["ok", "denied", "failed"]).optional(),
    ...keysetFields,
  })
  .superRefine((p, ctx) => checkCursors(p, ctx, AUDIT_ORDER));

/** The audit page: newest first, one keyset page, and the number of matches up to COUNT_CAP. */
export async function listAudit(input: z.input<typeof auditParams>) {
  const params = auditParams.parse(input);
  const where: Prisma.AuditLogWhereInput = {
    actor: params.actor ? { contains: params.actor, mode: "insensitive" } : undefined,
    // "backup" finds the whole family: backup, backup:finished.
    action: params.action ? { contains: params.action, mode: "insensitive" } : undefined,
    outcome: params.outcome,
  };
  const keyset = keysetQuery(AUDIT_ORDER, params, AUDIT_PAGE_SIZE);
  const [rows, total] = await Promise.all([
    prisma().auditLog.findMany({ where: { ...where, ...keyset.where }, orderBy: keyset.orderBy, take: keyset.take }),
    prisma().auditLog.count({ where, take: COUNT_CAP + 1 }),
  ]);
  return { ...keysetPage(rows, AUDIT_PAGE_SIZE, AUDIT_ORDER, params), total };
}

/** Deletes entries older than `days` days; returns how many. */
export async function pruneAudit(days: number): Promise<number> {
  const { count } = await prisma().auditLog.deleteMany({
    where: { at: { lt: new Date(Date.now() - days * 86_400_000) } },
  });
  return count;
}
