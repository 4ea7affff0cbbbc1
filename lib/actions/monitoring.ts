"use server";
// The admin's hands on the live database and the alerts: cancel or terminate
// a session (typed confirmation: the session's pid), acknowledge or snooze an
// incident, change the alert thresholds and recovery targets.
import { z } from "zod";
import { ActionError, defineAction } from "@/lib/actions/action";
import { ADMINS, OPERATORS } from "@/lib/auth/roles";
import { acknowledge, snooze } from "@/lib/alerts/incidents";
import { alertSettingsSchema, saveAlertSettings } from "@/lib/alerts/settings";
import { endSession } from "@/lib/monitoring/activity";
import { idSchema } from "@/lib/validation";

export const endSessionAction = defineAction(
  {
    name: "session:end",
    roles: ADMINS,
    input: z
      .object({ pid: idSchema, mode: z.enum(["cancel", "terminate"]), confirm: z.string().trim().max(20) })
      .refine((v) => v.confirm === String(v.pid), { path: ["confirm"], message: "type the session's pid to confirm" }),
    // No revalidation: the row (and its confirmation) stays until the admin refreshes the view.
  },
  async ({ pid, mode }) => {
    const session = await endSession(pid, mode);
    return {
      ok: true,
      message:
        mode === "cancel"
          ? `Cancelled the statement of session ${pid} (${session.application})`
          : `Terminated session ${pid} (${session.application})`,
      target: `${mode} ${pid}: ${session.application}: ${session.query}`.slice(0, 255),
    };
  },
);

export const acknowledgeIncidentAction = defineAction(
  { name: "alert:acknowledge", roles: OPERATORS, input: z.object({ id: idSchema }), revalidate: "/incidents" },
  async ({ id }, user) => {
    if (!(await acknowledge(id, user.email))) throw new ActionError(`Incident #${id} is not open any more.`);
    return { ok: true, message: `Incident #${id} acknowledged`, target: String(id) };
  },
);

export const snoozeIncidentAction = defineAction(
  {
    name: "alert:snooze",
    roles: OPERATORS,
    input: z.object({ id: idSchema, hours: z.enum(["0", "1", "4", "24"]).transform(Number) }),
    revalidate: "/incidents",
  },
  async ({ id, hours }) => {
    const until = hours ? new Date(Date.now() + hours * 3_600_000) : null;
    if (!(await snooze(id, until))) throw new ActionError(`Incident #${id} is not open any more.`);
    return {
      ok: true,
      message: until ? `Incident #${id} snoozed for ${hours} h` : `Incident #${id} no longer snoozed`,
      target: String(id),
    };
  },
);

export const saveAlertSettingsAction = defineAction(
  { name: "alert:settings", roles: ADMINS, input: alertSettingsSchema, revalidate: "/incidents" },
  async (settings, user) => {
    await saveAlertSettings(settings, user.email);
    return { ok: true, message: "Alert settings saved: the next evaluation uses them", target: "alerts" };
  },
);
