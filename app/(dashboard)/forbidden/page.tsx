import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { homeFor } from "@/lib/auth/roles";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Not allowed" };

export default async function Forbidden({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  const [user, { from }] = await Promise.all([currentUser(), searchParams]);
  return (
    <>
      <PageHeader title="Not allowed" />
      <Card title="This page needs another role">
        <p>
          {from ? <code>{from}</code> : "That page"} is not available to the{" "}
          <strong>{user?.role ?? "signed-out"}</strong> role. Ask an admin if you need it.
        </p>
        <p>
          <Link href={user ? homeFor(user.role) : "/login"}>Go to your start page</Link>
        </p>
      </Card>
    </>
  );
}
