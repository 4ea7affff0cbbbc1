// Each route file declares who may call it (route({ access })); the access
// table in lib/auth/roles.ts is the one list of them. They must agree, and
// every route file must be in the table.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTES } from "@/lib/auth/roles";

const API = path.resolve(import.meta.dirname);
/** next-auth's own handler is not ours to declare. */
const NOT_OURS = new Set(["/api/auth/[...nextauth]"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

const routeFiles = readdirSync(API, { recursive: true, encoding: "utf8" })
  .filter((file) => path.basename(file) === "route.ts")
  .map((file) => ({ file, route: `/api/${path.dirname(file).split(path.sep).join("/")}`.replace(/\/\.$/, "") }))
  .filter(({ route }) => !NOT_OURS.has(route));

describe("route access", () => {
  it("every route file is in the access table, and every entry has a file", () => {
    expect(routeFiles.map((r) => r.route).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it.each(routeFiles)("$route declares the access the table gives it", async ({ file, route }) => {
    const exported = (await import(path.join(API, file))) as Record<string, { access?: unknown }>;
    const handlers = METHODS.filter((method) => method in exported);
    expect(handlers.length).toBeGreaterThan(0);
    for (const method of handlers)
      expect(exported[method].access, `${method} ${route}`).toEqual(ROUTES[route as keyof typeof ROUTES]);
  });
});
