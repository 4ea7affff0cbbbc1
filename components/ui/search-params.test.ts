// The address a list keeps: no empty parameters, the page number beside the cursor.
import { describe, expect, it } from "vitest";
import { rangeLabel } from "@/components/ui/pagination";
import { pageNumber } from "@/components/ui/search-params";
import { cleanedUrl } from "@/lib/http/clean-query";

describe("list addresses", () => {
  it("drops what a GET form sends empty, and the defaults; leaves a clean address alone", () => {
    expect(
      cleanedUrl("/scans", { pattern: "VCP", minScore: "", ticker: "", since: "", sort: "newest" }, { sort: "newest" }),
    ).toBe("/scans?pattern=VCP");
    expect(cleanedUrl("/scans", { pattern: "", sort: "newest" }, { sort: "newest" })).toBe("/scans");
    expect(cleanedUrl("/scans", { pattern: "VCP", sort: "score" }, { sort: "newest" })).toBeNull();
  });

  it("knows the page number on the first page, from the address after it, and not from a bare cursor", () => {
    expect(pageNumber({})).toBe(1);
    expect(pageNumber({ cursor: "x", page: "3" })).toBe(3);
    expect(pageNumber({ cursor: "x" })).toBeNull();
    expect(pageNumber({ before: "x", page: "0" })).toBeNull();
  });

  it('says "26–50 of 4,065" on page 2, "of 10,000+" past the cap, and only the count without a page number', () => {
    expect(rangeLabel(2, 25, 25, 4065, 10_000)).toBe("26–50 of 4,065");
    expect(rangeLabel(1, 25, 25, 10_001, 10_000)).toBe("1–25 of 10,000+");
    expect(rangeLabel(163, 25, 15, 4065, 10_000)).toBe("4,051–4,065 of 4,065");
    expect(rangeLabel(null, 25, 25, 4065, 10_000)).toBe("25 of 4,065");
  });
});
