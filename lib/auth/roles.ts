// Who may see what: one table for pages and route handlers. Pure data: the
// navigation, the guard (lib/auth/guard.ts) and the actions all read it, so
// they cannot disagree.
import type { Role as DatabaseRole } from "@/lib/generated/prisma/enums";

export const ROLES = ["admin", "operator", "trader"] as const satisfies readonly DatabaseRole[];
export type Role = (typeof ROLES)[number];

export const ALL_ROLES: Role[] = [...ROLES];
export const OPERATORS: Role[] = ["admin", "operator"];
export const ADMINS: Role[] = ["admin"];

/**
 * `elseHome`: a signed-in user of another role is sent to their own start page instead of "forbidden".
 * `nav: false`: a page reached from others (a ticker's page from its symbol), not from the navigation.
 */
export const PAGES = [
  { href: "/", label: "Overview", roles: OPERATORS, elseHome: true },
  { href: "/checklist", label: "Checklist", roles: ADMINS },
  { href: "/scans", label: "Scans", roles: ALL_ROLES },
  { href: "/watchlists", label: "Watchlists", roles: ALL_ROLES },
  { href: "/tickers", label: "Ticker", roles: ALL_ROLES, nav: false },
  { href: "/alerts", label: "Alerts", roles: ALL_ROLES },
  { href: "/operations", label: "Operations", roles: OPERATORS },
  { href: "/incidents", label: "Incidents", roles: OPERATORS },
  { href: "/insights", label: "Insights", roles: ADMINS },
  { href: "/users", label: "Users", roles: ADMINS },
  { href: "/audit", label: "Audit log", roles: ADMINS },
] as const satisfies { href: string; label: string; roles: Role[]; elseHome?: boolean; nav?: false }[];

export type PagePath = (typeof PAGES)[number]["href"];

/** The bearer tokens machines use instead of a session, by the setting that holds each. */
export type TokenName = "SCANNER_API_TOKEN" | "METRICS_TOKEN";

/**
 * Who may call a route handler: the signed-in roles allowed, the bearer token
 * accepted instead (if any), and `open` when everyone gets an answer but only
 * these callers get the details.
 */
export type RouteAccess = { roles: readonly Role[]; token?: TokenName; open?: boolean };

/** Route handlers: each route file declares the same access (route({ access }), checked by a test). */
export const ROUTES = {
  "/api/scans": { roles: ALL_ROLES, token: "SCANNER_API_TOKEN" },
  "/api/scans/batch": { roles: [], token: "SCANNER_API_TOKEN" },
  "/api/metrics": { roles: OPERATORS, token: "METRICS_TOKEN" },
  "/api/metrics/series": { roles: OPERATORS },
  "/api/jobs/[id]": { roles: OPERATORS },
  // Anyone gets the status; these callers also get the details (pool, latencies, errors).
  "/api/health": { roles: OPERATORS, token: "METRICS_TOKEN", open: true },
} as const satisfies Record<string, RouteAccess>;

export type RoutePath = keyof typeof ROUTES;

const pageOf = (href: PagePath): { roles: readonly Role[]; elseHome?: boolean } => PAGES.find((p) => p.href === href)!;

export const rolesForPage = (href: PagePath): readonly Role[] => pageOf(href).roles;

/** Where a signed-in user whose role may not see `href` goes instead. */
export const refusedPageTarget = (href: PagePath, role: Role, from: string) =>
  pageOf(href).elseHome ? homeFor(role) : `/forbidden?from=${encodeURIComponent(from)}`;

/** The navigation's pages for a role. */
export const pagesFor = (role: Role) =>
  PAGES.filter((p) => (p.roles as Role[]).includes(role) && !("nav" in p && p.nav === false));

/** Where a role lands after signing in. */
export const homeFor = (role: Role) => (OPERATORS.includes(role) ? "/" : "/scans");

/** Operators and admins see everyone's watchlists and alerts; traders their own. */
export const seesEveryone = (role: Role) => OPERATORS.includes(role);
