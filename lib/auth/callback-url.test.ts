import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeRedirect } from "./callback-url";

describe("after sign-in, only paths on this site", () => {
  it.each([
    "/\\evil.example",
    "/%5Cevil.example".replace("%5C", "\\"),
    "/\t/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "",
    "/\u0000x",
  ])("%j goes home", (raw) => {
    expect(safeCallbackPath(raw)).toBe("/");
  });

  it.each([
    ["/scans?pattern=VCP&minScore=7", "/scans?pattern=VCP&minScore=7"],
    ["/operations#jobs", "/operations#jobs"],
    ["/a/../users", "/users"],
  ])("%j is kept", (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });

  it("next-auth's redirect keeps this site's URLs and never throws on odd ones", () => {
    const baseUrl = "http://127.0.0.1:3000";
    expect(safeRedirect({ url: "/scans", baseUrl })).toBe(`${baseUrl}/scans`);
    expect(safeRedirect({ url: `${baseUrl}/alerts?type=X`, baseUrl })).toBe(`${baseUrl}/alerts?type=X`);
    expect(safeRedirect({ url: "/\\evil.example", baseUrl })).toBe(`${baseUrl}/`);
    expect(safeRedirect({ url: "http://evil.example/", baseUrl })).toBe(baseUrl);
    expect(safeRedirect({ url: "http://[::1", baseUrl })).toBe(baseUrl);
    expect(safeRedirect({ url: "http://a b/", baseUrl })).toBe(baseUrl);
  });
});
