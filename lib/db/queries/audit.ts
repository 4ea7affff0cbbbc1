// The audit log: who did what, when, with what result.
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";

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
      data: { ...entry, target: entry.target ?? null, details: (entry.details ?? undefined) as Prisma.InputJsonValue | undefined },
    });
  } catch (error) {
    log.error(`could not record ${entry.action} by ${entry.actor}: ${(error as Error).message}`);
  }
}

export const auditParams = z.object({
  actor: z.string().trim().max(255).optional(),
  action: z.string().trim().max(64).optional(),
  outcome: z.enum(["ok", "denied", "failed"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const AUDIT_PAGE_SIZE = 50;

export async function listAudit(input: z.input<typeof auditParams>) {
  const params = auditParams.parse(input);
  const where: Prisma.AuditLogWhereInput = {
    actor: params.actor ? { contains: params.actor, mode: "insensitive" } : undefined,
    action: params.action || undefined,
    outcome: params.outcome,
  };
  const [items, total] = await Promise.all([
    prisma().auditLog.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (params.page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
    prisma().auditLog.count({ where }),
  ]);
  return { items, total, page: params.page, pageSize: AUDIT_PAGE_SIZE };
}
