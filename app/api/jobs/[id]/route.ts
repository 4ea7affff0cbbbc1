// GET /api/jobs/:id: a backup, restore or drill job while it runs (progress, log) and after.
import { z } from "zod";
import { env } from "@/lib/env";
import { OPERATORS } from "@/lib/auth/roles";
import { requireApiUser } from "@/lib/auth/session";
import { readJob } from "@/lib/ops/jobs";
import { badRequest } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await requireApiUser(OPERATORS);
  if (user instanceof Response) return user;
  const id = z.uuid().safeParse((await context.params).id);
  if (!id.success) return badRequest("id: not a job id", "id");
  const job = await readJob(env().BACKUP_DIR, id.data);
  if (!job) return Response.json({ error: "no such job" }, { status: 404 });
  return Response.json(job, { headers: { "cache-control": "no-store" } });
}
