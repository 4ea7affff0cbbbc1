// Who may see what. Pure data: the navigation, the pages' guards and the
// actions all read it, so the three cannot disagree.
export type Role = "admin" | "operator" | "trader";

export const ALL_ROLES: Role[] = ["admin", "operator", "trader"];
export const OPERATORS: Role[] = ["admin", "operator"];
export const ADMINS: Role[] = ["admin"];

export const PAGES = [
  { href: "/", label: "Overview", roles: OPERATORS },
  { href: "/scans", label: "Scans", roles: ALL_ROLES },
  { href: "/watchlists", label: "Watchlists", roles: ALL_ROLES },
  { href: "/alerts", label: "Alerts", roles: ALL_ROLES },
  { href: "/operations", label: "Operations", roles: OPERATORS },
  { href: "/insights", label: "Insights", roles: ADMINS },
  { href: "/users", label: "Users", roles: ADMINS },
  { href: "/audit", label: "Audit log", roles: ADMINS },
] as const satisfies { href: string; label: string; roles: Role[] }[];

export const pagesFor = (role: Role) => PAGES.filter((p) => (p.roles as Role[]).includes(role));

/** Where a role lands after signing in. */
export const homeFor = (role: Role) => (OPERATORS.includes(role) ? "/" : "/scans");

/** Operators and admins see everyone's watchlists and alerts; traders their own. */
export const seesEveryone = (role: Role) => OPERATORS.includes(role);
