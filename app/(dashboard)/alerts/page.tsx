import Link from "next/link";
import { Suspense } from "react";
import { seesEveryone } from "@/lib/auth/roles";
import { requirePage } from "@/lib/auth/guard";
import { alertParams } from "@/lib/db/queries/alerts";
import { findUserByRef, suggestedUsers } from "@/lib/db/queries/users";
import { AlertFilters } from "@/components/alerts/alert-filters";
import { AlertTable } from "@/components/alerts/alert-table";
import { Notice } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { pageNumber, pickParams, problemOf, type Raw } from "@/components/ui/search-params";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Raw> }) {
  const me = await requirePage("/alerts");
  const raw = await searchParams;
  const query = pickParams(raw, ["type", "ticker", "since", "until", "user", "cursor", "before", "page"]);
  const everyone = seesEveryone(me.role);
  // Traders only ever see their own alerts; the others may name anyone's by e-mail or id.
  const [named, users] = everyone
    ? await Promise.all([query.user ? findUserByRef(query.user) : null, suggestedUsers()])
    : [null, []];
  const unknownUser = everyone && query.user && !named ? query.user : null;
  const parsed = alertParams.safeParse({ ...query, alertType: query.type, userId: everyone ? named?.id : me.id });
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Alerts"
        lead={everyone ? "Alerts sent to every user, newest first." : "Alerts sent to you, newest first."}
      />
      <AlertFilters values={{ ...query, user: named?.email ?? query.user }} users={everyone ? users : null} />
      {unknownUser ? (
        <Notice tone="bad">
          No user has the e-mail or id “{unknownUser}”. <Link href="/alerts">Reset the filters</Link>.
        </Notice>
      ) : parsed.success ? (
        <Suspense key={JSON.stringify(parsed.data)} fallback={<TableSkeleton label="Loading alerts" />}>
          <AlertTable params={parsed.data} query={query} showUser={everyone} page={pageNumber(query)} />
        </Suspense>
      ) : (
        <Notice tone="bad">
          These filters cannot be used ({problemOf(parsed.error)}). <Link href="/alerts">Reset the filters</Link>.
        </Notice>
      )}
    </div>
  );
}
