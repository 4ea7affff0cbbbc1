// Every server action goes through here: server actions are public POST
// endpoints, so each one checks the session and the role, validates its input
// with zod, and records its outcome (denied attempts included) in the audit log.
import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { refusal } from "@/lib/auth/guard";
import type { Role } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/db/queries/audit";
import { UserFacingError } from "@/lib/errors";
import { maskSecrets } from "@/lib/mask";
import { logger } from "@/lib/log/logger";
import { diagnoseDatabaseError } from "@/lib/db/diagnose";
import { logUnavailable } from "@/lib/db/errors";
import { newReference } from "@/lib/http/answer";
import { traced } from "@/lib/tracing/spans";

const log = logger("action");

export type ActionState = {
  ok: boolean;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  data?: Record<string, string | number | boolean | null>;
};

export type ActionResult = ActionState & { target?: string | null };

/** What a form calls: the shape `useActionState` expects. */
export type Action = (previous: ActionState | null, formData: FormData) => Promise<ActionState>;

/** Thrown by a handler for a refusal the user should read as it is. */
export class ActionError extends UserFacingError {}

type ActionSpec<S extends z.ZodType> = {
  name: string;
  roles: Role[];
  input: S;
  /** Re-render this path after a success, so the page shows the change. */
  revalidate?: string;
  /** false for operations that record their own audit entries (lib/ops); refusals are recorded regardless. */
  audit?: boolean;
};

/**
 * An unexpected failure: the person gets a sentence and a reference; the
 * details (SQL, Prisma's invocation text, error codes) go to the log and the
 * audit entry under that reference. A statement Postgres cancelled says why:
 * a lock (whose) or the time limit; it was rolled back.
 */
async function failedState(
  name: string,
  user: SessionUser,
  error: unknown,
  message: string,
  audit: (entry: Parameters<typeof recordAudit>[0]) => Promise<void>,
): Promise<ActionState> {
  const reference = newReference();
  const problem = await diagnoseDatabaseError(error).catch(() => null);
  if (problem?.kind === "unavailable") logUnavailable(error);
  else if (!problem)
    log.error(`${name} failed (reference ${reference}): ${maskSecrets((error as Error)?.stack ?? message)}`);
  await audit({ actor: user.email, action: name, outcome: "failed", details: { message, reference } });
  if (!problem)
    return {
      ok: false,
      message: `It did not work because of an internal error (reference ${reference}); the details are in the server log.`,
    };
  if (problem.kind === "unavailable")
    return {
      ok: false,
      message: `The database is unavailable right now; try again in a few seconds (reference ${reference}).`,
    };
  return {
    ok: false,
    message: `Not done, nothing was changed: ${problem.message}. Try again once it has finished (reference ${reference}).`,
  };
}

export function defineAction<S extends z.ZodType>(
  spec: ActionSpec<S>,
  handler: (input: z.output<S>, user: SessionUser) => Promise<ActionResult>,
): Action & { runAs: (user: SessionUser | null, formData: FormData) => Promise<ActionState> } {
  const audit = spec.audit === false ? async () => {} : recordAudit;
  const run = async (formData: FormData, user: SessionUser | null): Promise<ActionState> => {
    const refused = refusal(user, spec.roles);
    if (!user) return { ok: false, message: "Your session has ended: sign in again." };
    if (refused) {
      await recordAudit({ actor: user.email, action: spec.name, outcome: "denied", details: { role: user.role } });
      return { ok: false, message: `Not allowed: ${refused.message}.` };
    }
    const parsed = spec.input.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return {
        ok: false,
        message: "Check the highlighted fields.",
        fieldErrors: z.flattenError(parsed.error).fieldErrors as ActionState["fieldErrors"],
      };
    }
    try {
      const { target, ...result } = await handler(parsed.data, user);
      await audit({
        actor: user.email,
        action: spec.name,
        target,
        outcome: result.ok ? "ok" : "failed",
        details: { message: result.message },
      });
      return result;
    } catch (error) {
      const message = maskSecrets((error as Error).message);
      if (error instanceof UserFacingError) {
        await audit({ actor: user.email, action: spec.name, outcome: "failed", details: { message } });
        return { ok: false, message };
      }
      return failedState(spec.name, user, error, message, audit);
    }
  };
  const action: Action = async (previous, formData) => {
    // A form posted without JavaScript calls the action with the form alone; anything else is not a form.
    const form = [formData, previous as unknown].find((arg): arg is FormData => arg instanceof FormData);
    if (!form) return { ok: false, message: "Not done: this action takes a form, and the request did not carry one." };
    const state = await traced(`action ${spec.name}`, { "legendai.action": spec.name }, async (span) => {
      const result = await run(form, await currentUser());
      span?.setAttribute("legendai.action.ok", result.ok);
      return result;
    });
    // Outside the try/catch above: revalidatePath must not be swallowed by it.
    if (state.ok && spec.revalidate) revalidatePath(spec.revalidate);
    return state;
  };
  // The same action as a given user, without a request: what the fuzz tests call.
  return Object.assign(action, { runAs: (user: SessionUser | null, formData: FormData) => run(formData, user) });
}
