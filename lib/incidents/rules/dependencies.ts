// Rules about what the app depends on, each judged by a real round trip with
// a deadline: Redis, S3, BACKUP_DIR, the delivery channels. An outage must
// last ALERT_OUTAGE_FOR_S before its incident fires (a blip pages nobody).
import { env } from "@/lib/env";
import { type Rule } from "./rule";

const outageFor = () => env().ALERT_OUTAGE_FOR_S * 1000;

export const DEPENDENCY_RULES: Rule[] = [
  {
    id: "redis_unhealthy",
    title: "Redis is unhealthy",
    needs: ["redis"],
    forMs: outageFor,
    evaluate: ({ redis }) =>
      redis.ok
        ? []
        : [
            {
              subject: "",
              summary: `Redis does not answer (${redis.error ?? "no answer"}): the cache is off, Postgres carries every read`,
            },
          ],
  },
  {
    id: "s3_unreachable",
    title: "S3 is unreachable",
    needs: ["s3"],
    forMs: outageFor,
    evaluate: ({ s3 }) =>
      !s3 || s3.ok
        ? []
        : [
            {
              subject: "",
              summary: `S3 does not answer (${s3.error ?? "no answer"}): new backups stay on this disk only`,
            },
          ],
  },
  {
    id: "backup_dir_unusable",
    title: "BACKUP_DIR cannot hold a backup",
    needs: ["backupDir"],
    forMs: outageFor,
    evaluate: ({ backupDir }) => (backupDir ? [{ subject: "", summary: `${backupDir}: backups are refused` }] : []),
  },
  {
    id: "delivery_failing",
    title: "A delivery channel is failing",
    needs: ["channels"],
    forMs: outageFor,
    evaluate: ({ channels }) => {
      const working = channels.filter((c) => c.ok).map((c) => c.channel);
      return channels
        .filter((c) => !c.ok)
        .map((c) => ({
          subject: c.channel,
          summary: `${c.channel === "webhook" ? "the webhook" : "e-mail"} fails (${c.error ?? "no answer"}); ${
            working.length
              ? `messages go by ${working.join(" and ")} meanwhile`
              : "no other channel works: see /incidents"
          }`,
        }));
    },
  },
];
