import { describe, expect, it } from "vitest";
import { maskSecrets } from "@/lib/mask";

describe("maskSecrets", () => {
  it("masks the password in connection URLs, keeping the user and host", () => {
    expect(maskSecrets("connect postgresql://legend:s3cr%40t@db:5432/app failed")).toBe(
      "connect postgresql://legend:***@db:5432/app failed",
    );
    expect(maskSecrets("redis://:topsecret@cache:6379")).toBe("redis://:***@cache:6379");
  });

  it("masks password=... style secrets", () => {
    expect(maskSecrets("host=db password=hunter2 user=x")).toBe("host=db password=*** user=x");
    expect(maskSecrets('{"token": "abc"}')).not.toContain("abc");
  });

  it("leaves URLs without a password alone", () => {
    expect(maskSecrets("postgresql://postgres@127.0.0.1:5432/legendai")).toBe(
      "postgresql://postgres@127.0.0.1:5432/legendai",
    );
  });
});
