// Formatting shared by server and client components. Times are shown in UTC,
// labelled, so every viewer and every log line agree.
const numberFormat = new Intl.NumberFormat("en-US");
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

export const formatNumber = (n: number) => numberFormat.format(n);
export const formatDateTime = (d: Date | string) => `${dateTimeFormat.format(new Date(d))} UTC`;
export const formatTime = (d: Date | string | number) => timeFormat.format(new Date(d));
export const formatPrice = (n: number | null | undefined) => (n === null || n === undefined ? "–" : `$${n.toFixed(2)}`);
export const formatPercent = (ratio: number | null | undefined, digits = 1) =>
  ratio === null || ratio === undefined ? "–" : `${(ratio * 100).toFixed(digits)}%`;

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** "3 h ago", "2 d ago". */
export function formatAge(d: Date | string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - new Date(d).getTime()) / 60_000));
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** One label per pattern or alert type, everywhere: "FLAT_BASE" → "Flat base", "VCP" stays "VCP". */
export function typeLabel(type: string): string {
  const words = type.toLowerCase().split("_");
  const label = words.join(" ").replace(/^\w/, (c) => c.toUpperCase());
  return label.replace(/\bVcp\b|\bvcp\b/g, "VCP");
}

/** An amount of a job phase's unit: bytes ("12.3 MB"), rows ("1,204 rows") or thousandths of the whole ("45%"). */
export function formatAmount(value: number, unit: "bytes" | "rows" | "permille" = "bytes"): string {
  if (unit === "rows") return `${formatNumber(Math.round(value))} rows`;
  if (unit === "permille") return `${Math.round(value / 10)}%`;
  return formatBytes(value);
}
