import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress } from "./client-address";

describe("the client's address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("::ffff:10.0.0.7", ["1.2.3.4"], 0)).toBe("10.0.0.7");
    expect(clientAddress("10.0.0.7", [], 0)).toBe("10.0.0.7");
  });

  it("behind one trusted proxy, is the entry that proxy appended (the rightmost), not the client's own entries", () => {
    expect(clientAddress("127.0.0.1", ["6.6.6.6, 203.0.113.9"], 1)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", ["6.6.6.6", "203.0.113.9"], 1)).toBe("203.0.113.9");
  });

  it("behind two, is the one the outer proxy appended", () => {
    expect(clientAddress("10.0.0.2", ["6.6.6.6, 203.0.113.9, 10.0.0.1"], 2)).toBe("203.0.113.9");
  });

  it("falls back to the peer when the header is missing, too short or not an address", () => {
    expect(clientAddress("10.0.0.2", [], 1)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", ["10.0.0.1"], 2)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", ["evil, <script>"], 1)).toBe("10.0.0.2");
  });

  it("normalises IPv4-mapped IPv6 and refuses what is not an address", () => {
    expect(normaliseAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(normaliseAddress("a".repeat(100))).toBeNull();
  });
});
