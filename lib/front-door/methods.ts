// Which methods a path answers. Static files (Next's build output and
// public/) are read-only: anything but GET or HEAD is a 405, where Next
// would answer 500. Pages take GET and HEAD, and POST for server actions.
// Route handlers (/api) answer their own methods.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Refusal } from "./action-request";

/** Every file under public/, as the URL path it is served at. */
export function publicPaths(dir: string): Set<string> {
  const paths = new Set<string>();
  try {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile())
        paths.add(`/${path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")}`);
    }
  } catch {
    // no public/ folder: no public files
  }
  return paths;
}

export type MethodRefusal = Refusal & { allow: string };

export function methodRefusal(
  method: string | undefined,
  pathname: string,
  publicFiles: Set<string>,
): MethodRefusal | null {
  if (pathname.startsWith("/api/")) return null;
  const isStatic = pathname.startsWith("/_next/static/") || publicFiles.has(pathname);
  const allowed = isStatic ? ["GET", "HEAD"] : pathname.startsWith("/_next/") ? null : ["GET", "HEAD", "POST"];
  if (!allowed || allowed.includes(method ?? "")) return null;
  return { status: 405, message: `${method} is not allowed here`, allow: allowed.join(", ") };
}
