"use server";
// Incidents: acknowledge or snooze one, change the rules' thresholds and the
// recovery targets.
import { z } from "zod";
import { ActionError, defineAction } from "@/lib/actions/action";
import { ADMINS, OPERATORS } from "@/lib/auth/roles";
import { acknowledge, snooze } from "@/lib/incidents/incidents";
import { incidentSettingsSchema, saveIncidentSettings } from "@/lib/incidents/settings";
import { idSchema } from "@/lib/validation";

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

export const saveIncidentSettingsAction = defineAction(
  { name: "alert:settings", roles: ADMINS, input: incidentSettingsSchema, revalidate: "/incidents" },
  async (settings, user) => {
    await saveIncidentSettings(settings, user.email);
    return { ok: true, message: "Incident settings saved: the next evaluation uses them", target: "alerts" };
  },
);
