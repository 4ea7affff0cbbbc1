"use client";
// Keeps a server-rendered view live: refreshes it every few seconds while the
// tab is visible, and not while someone is acting in it (an open "End…" menu
// keeps its confirmation and its outcome on screen until it is closed).
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatTime } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

export function LiveRefresh({ everyMs, region }: { everyMs: number; region: string }) {
  const router = useRouter();
  const [at, setAt] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => {
      if (document.hidden) return;
      if (document.querySelector(`#${region} details[open]`)) return;
      router.refresh();
      setAt(Date.now());
    };
    const timer = setInterval(tick, everyMs);
    const onVisible = () => !document.hidden && tick();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [everyMs, region, router]);
  return (
    <span className={ui.muted} data-testid="live-refresh">
      Live: updated every {everyMs / 1000} s while this tab is visible{at ? `, last at ${formatTime(at)} UTC` : ""}.
    </span>
  );
}
