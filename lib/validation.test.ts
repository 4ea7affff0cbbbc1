// The shared input rules are exact: an impossible calendar date or hour is
// refused (never shifted to the next day), a JSON key named __proto__ is
// refused (never silently dropped), and text fits its column.
import { describe, expect, it } from "vitest";
import { newUserSchema } from "@/lib/db/queries/users";
import { scanInputSchema } from "@/lib/db/queries/scan-input";
import { dateInput, detailsInput } from "@/lib/validation";

describe("dates", () => {
  it.each([
    "2024-02-30",
    "2023-02-29",
    "2026-04-31",
    "2026-13-01",
    "2026-01-15T24:00:00Z",
    "2026-01-15T23:60:00Z",
    "2026-01-15T10:00:61Z",
  ])("refuses %s", (text) => {
    const result = dateInput.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/not a real date|expected a date/);
  });

  it.each([
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2026-01-15T09:30:00Z", "2026-01-15T09:30:00.000Z"],
    ["2026-01-15T09:30:00.123+02:00", "2026-01-15T07:30:00.123Z"],
    ["2026-12-31T23:59:59Z", "2026-12-31T23:59:59.000Z"],
  ])("accepts %s exactly", (text, iso) => {
    expect(dateInput.parse(text).toISOString()).toBe(iso);
  });

  it("names the field in an upload", () => {
    const result = scanInputSchema.safeParse({ ticker: "AAPL", patternType: "VCP", score: 7, scannedAt: "2024-02-30" });
    expect(result.error?.issues[0].path).toEqual(["scannedAt"]);
  });
});

describe("JSON keys", () => {
  it("refuses __proto__ at any depth instead of dropping it", () => {
    for (const text of ['{"__proto__": {"x": 1}}', '{"a": {"b": {"__proto__": 1}}}', '{"a": [{"__proto__": 1}]}']) {
      const result = detailsInput.safeParse(JSON.parse(text));
      expect(result.success, text).toBe(false);
      expect(result.error?.issues[0].message).toMatch(/__proto__/);
    }
    expect(detailsInput.parse(JSON.parse('{"proto": 1, "a": {"b": 2}}'))).toEqual({ proto: 1, a: { b: 2 } });
  });
});

describe("text that must fit its column", () => {
  it("an e-mail of more than 255 characters is refused with the reason, not stored", () => {
    const email = `${"a".repeat(280)}@x.test`;
    const result = newUserSchema.safeParse({ email, name: "A", role: "trader", password: "a long password" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["email"], message: expect.stringMatching(/255/) });
  });
});
