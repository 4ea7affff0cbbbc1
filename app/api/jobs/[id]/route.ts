// GET /api/jobs/:id: a backup, restore or drill job while it runs (progress, log) and after.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { requireRouteUser } from "@/lib/auth/guard";
import { readJob } from "@/lib/ops/jobs";
import { badRequest } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> => {
  const refused = await requireRouteUser(request, "/api/jobs");
  if (refused) return refused;
  const id = z.uuid().safeParse((await context.params).id);
  if (!id.success) return badRequest("id: not a job id", "id");
  const job = await readJob(id.data);
  if (!job) return Response.json({ error: "no such job" }, { status: 404 });
  return Response.json(job, { headers: { "cache-control": "no-store" } });
});
