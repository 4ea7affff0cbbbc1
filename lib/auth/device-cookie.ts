// A device cookie (OWASP): set after a good sign-in, it names the account and
// a random device id, signed with NEXTAUTH_SECRET. A browser that shows one
// for the account it signs in to is throttled on its own, so failures from
// anywhere else cannot lock that browser's user out (lib/auth/throttle.ts).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

const MAX_AGE_S = 180 * 24 * 60 * 60;

/** The cookie's name: __Host- (Secure, whole site, this host only) when the site is https. */
export const deviceCookieName = (secure: boolean) => (secure ? "__Host-legendai-device" : "legendai-device");

function signature(email: string, id: string): string {
  const secret = env().NEXTAUTH_SECRET ?? "";
  return createHmac("sha256", `device-cookie:${secret}`).update(`${email}\n${id}`).digest("base64url");
}

/** A new cookie value for `email`. */
export function newDeviceCookie(email: string): string {
  const id = randomBytes(12).toString("base64url");
  const account = Buffer.from(email.trim().toLowerCase()).toString("base64url");
  return `${account}.${id}.${signature(email.trim().toLowerCase(), id)}`;
}

/** The device id the cookie names, if it is ours, unaltered, and for `email`; else null. */
export function deviceIdFor(cookieValue: string | undefined, email: string): string | null {
  const [account, id, mac, ...rest] = (cookieValue ?? "").split(".");
  if (!account || !id || !mac || rest.length) return null;
  const wanted = email.trim().toLowerCase();
  if (Buffer.from(account, "base64url").toString() !== wanted) return null;
  const expected = Buffer.from(signature(wanted, id));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** The Set-Cookie header value for a new device cookie. */
export function deviceCookieHeader(email: string, secure: boolean): string {
  const attributes = [`Path=/`, `Max-Age=${MAX_AGE_S}`, "HttpOnly", "SameSite=Strict", ...(secure ? ["Secure"] : [])];
  return `${deviceCookieName(secure)}=${newDeviceCookie(email)}; ${attributes.join("; ")}`;
}

/** A cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}
