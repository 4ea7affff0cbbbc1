// A tiny logger: one line per event, secrets masked, debug lines only when DEBUG=true.
import { env } from "@/lib/env";
import { maskSecrets } from "@/lib/mask";

type Level = "debug" | "info" | "warn" | "error";

function write(level: Level, scope: string, message: string): void {
  if (level === "debug" && !env().DEBUG) return;
  const line = `${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${maskSecrets(message)}`;
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export function logger(scope: string) {
  return {
    debug: (message: string) => write("debug", scope, message),
    info: (message: string) => write("info", scope, message),
    warn: (message: string) => write("warn", scope, message),
    error: (message: string) => write("error", scope, message),
  };
}

/** A warning written at most once per `intervalMs`, however often it happens (a down Redis fails every call). */
export function throttledWarning(scope: string, intervalMs = 30_000): (message: string) => void {
  const log = logger(scope);
  let last = -Infinity;
  return (message) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    log.warn(message);
  };
}
