import s from "./ui.module.css";

export type Tone = "ok" | "warn" | "bad" | "info" | "neutral";

export function Badge({ tone = "neutral", children }: { tone?: Tone; children: React.ReactNode }) {
  return <span className={`${s.badge} ${tone === "neutral" ? "" : s[tone]}`}>{children}</span>;
}

export function Notice({
  tone,
  children,
  role,
}: {
  tone: Exclude<Tone, "neutral">;
  children: React.ReactNode;
  role?: "status" | "alert";
}) {
  return (
    <div className={`${s.notice} ${s[tone]}`} role={role ?? (tone === "bad" ? "alert" : "status")}>
      {children}
    </div>
  );
}
