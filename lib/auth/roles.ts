// Who may see what: one table for pages and route handlers. Pure data: the
// navigation, the guard (lib/auth/guard.ts) and the actions all read it, so
// they cannot disagree.
import type { Role as DatabaseRole } from "@/lib/generated/prisma/enums";

export const ROLES = ["admin", "operator", "trader"] as const satisfies readonly DatabaseRole[];
export type Role = (typeof ROLES)[number];

export const ALL_ROLES: Role[] = [...ROLES];
export const OPERATORS: Role[] = ["admin", "operator"];
export const ADMINS: Role[] = ["admin"];

export const PAGES = [
  { href: "/", label: "Overview", roles: OPERATORS },
  { href: "/scans", label: "Scans", roles: ALL_ROLES },
  { href: "/watchlists", label: "Watchlists", roles: ALL_ROLES },
  { href: "/alerts", label: "Alerts", roles: ALL_ROLES },
  { href: "/operations", label: "Operations", roles: OPERATORS },
  { href: "/incidents", label: "Incidents", roles: OPERATORS },
  { href: "/insights", label: "Insights", roles: ADMINS },
  { href: "/users", label: "Users", roles: ADMINS },
  { href: "/audit", label: "Audit log", roles: ADMINS },
] as const satisfies { href: string; label: string; roles: Role[] }[];

export type PagePath = (typeof PAGES)[number]["href"];

/** The bearer tokens machines use instead of a session, by the setting that holds each. */
export type TokenName = "SCANNER_API_TOKEN" | "METRICS_TOKEN";

/** Route handlers: the signed-in roles allowed, and the bearer token accepted instead (if any). */
export const ROUTES = {
  "/api/scans": { roles: ALL_ROLES, token: "SCANNER_API_TOKEN" },
  "/api/scans/batch": { roles: [], token: "SCANNER_API_TOKEN" },
  "/api/metrics": { roles: OPERATORS, token: "METRICS_TOKEN" },
  "/api/metrics/series": { roles: OPERATORS },
  "/api/jobs": { roles: OPERATORS },
  // Anyone gets the status; these callers also get the details (pool, latencies, errors).
  "/api/health": { roles: OPERATORS, token: "METRICS_TOKEN" },
} as const satisfies Record<string, { roles: Role[]; token?: TokenName }>;

export type RoutePath = keyof typeof ROUTES;

export const rolesForPage = (href: PagePath): readonly Role[] => PAGES.find((p) => p.href === href)!.roles;

export const pagesFor = (role: Role) => PAGES.filter((p) => (p.roles as Role[]).includes(role));

/** Where a role lands after signing in. */
export const homeFor = (role: Role) => (OPERATORS.includes(role) ? "/" : "/scans");

/** Operators and admins see everyone's watchlists and alerts; traders their own. */
export const seesEveryone = (role: Role) => OPERATORS.includes(role);
