import { describe, expect, it } from "vitest";
import { lsnToBytes, segmentEnd, unarchivedAgeS } from "./wal";

const SEG = 16 * 1024 * 1024;
const now = new Date("2026-11-30T10:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe("WAL positions", () => {
  it("reads LSNs and segment names", () => {
    expect(lsnToBytes("0/5000050")).toBe(0x5000050n);
    expect(lsnToBytes("1/0")).toBe(1n << 32n);
    expect(segmentEnd("000000010000000000000005", SEG)).toBe(6n * BigInt(SEG));
    expect(segmentEnd("0000000100000001000000FF", SEG)).toBe((1n << 32n) + 256n * BigInt(SEG));
  });

  it("an idle database, everything archived long ago, is not behind", () => {
    const r = unarchivedAgeS({
      currentLsn: "0/6000000",
      lastArchivedWal: "000000010000000000000005",
      lastArchivedAt: ago(86_400),
      segmentBytes: SEG,
      archiveTimeoutS: 60,
      now,
    });
    expect(r).toEqual({ bytes: 0, ageS: 0 });
  });

  it("a write after a long idle spell is at most archive_timeout old", () => {
    const r = unarchivedAgeS({
      currentLsn: "0/6000100",
      lastArchivedWal: "000000010000000000000005",
      lastArchivedAt: ago(86_400),
      segmentBytes: SEG,
      archiveTimeoutS: 60,
      now,
    });
    expect(r).toEqual({ bytes: 0x100, ageS: 60 });
  });

  it("finished segments waiting (archiving failing) age from the last archived one", () => {
    const r = unarchivedAgeS({
      currentLsn: "0/9000100",
      lastArchivedWal: "000000010000000000000005",
      lastArchivedAt: ago(600),
      segmentBytes: SEG,
      archiveTimeoutS: 60,
      now,
    });
    expect(r.ageS).toBe(600);
  });
});
