// Where incident messages go, whether each channel works (its last delivery
// and whether it answers), and when the rules were last evaluated.
import type { Check } from "@/lib/incidents/checks";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatAge } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

type Delivery = { webhookHost: string | null; emailTo: string | null };

function ChannelLine(props: { target: string | null; unset: string; check: Check | undefined }) {
  if (!props.target) return <Badge tone="warn">not set ({props.unset})</Badge>;
  const { check } = props;
  return (
    <>
      <Badge tone={check && !check.ok ? "bad" : "ok"}>{props.target}</Badge>
      {check && !check.ok && (
        <>
          <br />
          <span className={ui.muted} data-testid="channel-failing">
            failing {formatAge(check.checkedAt)}: {check.detail}
          </span>
        </>
      )}
    </>
  );
}

export function DeliveryCard(props: {
  delivery: Delivery;
  channels: Map<string, Check>;
  evaluated: { at: Date; by: string } | null;
}) {
  const { delivery, channels } = props;
  return (
    <Card title="Delivery">
      <dl className={ui.facts}>
        <dt>Webhook</dt>
        <dd>
          <ChannelLine
            target={delivery.webhookHost}
            unset="ALERT_WEBHOOK_URL"
            check={channels.get("channel:webhook")}
          />
        </dd>
        <dt>E-mail</dt>
        <dd>
          <ChannelLine
            target={delivery.emailTo && `to ${delivery.emailTo}`}
            unset="SMTP_URL and ALERT_EMAIL_TO"
            check={channels.get("channel:email")}
          />
        </dd>
        <dt>Last evaluated</dt>
        <dd>{props.evaluated ? `${formatAge(props.evaluated.at)} by ${props.evaluated.by}` : "not yet"}</dd>
      </dl>
    </Card>
  );
}
