// What every dashboard page shows while the database does not answer: no
// stack trace, no empty tables pretending to be results.
import { Card } from "@/components/ui/card";
import { ui } from "@/components/ui/styles";

export function DatabaseUnavailable() {
  return (
    <main className={ui.stack} style={{ maxWidth: 640, margin: "4rem auto", padding: "0 1rem" }}>
      <Card title="The database is unavailable">
        <p role="alert" data-testid="database-unavailable">
          LegendAI&apos;s database is not answering right now, so this page cannot be shown. Nothing was changed. Reload
          in a few seconds; if it lasts, check PostgreSQL (<code>GET /api/health</code> says what is down).
        </p>
        <a className={ui.button} href="">
          Reload
        </a>
      </Card>
    </main>
  );
}
