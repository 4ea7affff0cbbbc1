// Raw HTTP for the hostile-request suite: exact bodies and headers, the
// server actions this build has (from Next's manifest) and where they live.
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";

export type Answer = { status: number; headers: Headers; text: string };

/** Sends `body` as given; a stream body goes chunked (no Content-Length). */
export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string | Readable },
): Promise<Answer> {
  const body = init.body instanceof Readable ? (Readable.toWeb(init.body) as ReadableStream) : init.body;
  const response = await fetch(url, {
    method: init.method ?? "POST",
    headers: init.headers,
    body,
    redirect: "manual",
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Every server action of the build, with the page that serves it. */
export function serverActions(): { id: string; name: string; path: string }[] {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { exportedName?: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers)[0];
    const path =
      worker
        .replace(/^app/, "")
        .replace(/\/\([^)]*\)/g, "")
        .replace(/\/page$/, "") || "/";
    return { id, name: entry.exportedName ?? id, path };
  });
}

/** A multipart/form-data body of `fields`, with its Content-Type. */
export function multipart(fields: [string, string][], boundary = "----legendai-e2e-boundary") {
  const parts = fields.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`),
  };
}

/** The session cookie header of a role's saved sign-in (e2e/.auth). */
export function cookieOf(role: string): string {
  const state = JSON.parse(readFileSync(`e2e/.auth/${role}.json`, "utf8")) as {
    cookies: { name: string; value: string }[];
  };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}
