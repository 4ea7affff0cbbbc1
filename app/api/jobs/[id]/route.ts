// GET /api/jobs/:id: a backup, restore or drill job while it runs (progress, log) and after.
import { OPERATORS } from "@/lib/auth/roles";
import { z } from "zod";
import { InvalidInputError } from "@/lib/errors";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { readJob } from "@/lib/ops/jobs";

export const dynamic = "force-dynamic";

export const GET = route(
  { access: { roles: OPERATORS }, params: z.object({ id: z.uuid({ error: "not a job id" }) }) },
  async ({ params }) => {
    const job = await readJob(params.id);
    if (!job) throw new InvalidInputError("no such job", "id", 404);
    return json(job);
  },
);
