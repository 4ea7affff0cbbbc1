// Settings admins change on the dashboard, one JSON value per key (incident
// thresholds and recovery targets today), shared by every instance.
import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db/client";

/** The stored value of `key`, or null when none was ever saved. */
export async function readSetting(key: string): Promise<Record<string, unknown> | null> {
  const row = await prisma().appSetting.findUnique({ where: { key }, select: { value: true } });
  return (row?.value as Record<string, unknown> | undefined) ?? null;
}

export async function saveSetting(key: string, value: Record<string, unknown>, actor: string): Promise<void> {
  const data = { value: value as Prisma.InputJsonValue, updatedBy: actor, updatedAt: new Date() };
  await prisma().appSetting.upsert({ where: { key }, create: { key, ...data }, update: data });
}
