// A JSON body is read exactly or refused: never larger than the limit (whatever
// Content-Length says), never with a key JavaScript would silently drop.
import { describe, expect, it } from "vitest";
import { readJsonBody } from "./body";

const post = (body: BodyInit, headers: HeadersInit = {}) =>
  new Request("http://localhost/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

function chunked(parts: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
}

describe("readJsonBody", () => {
  it("reads a JSON body within the limit", async () => {
    expect(await readJsonBody(post('{"a":[1,2]}'), 100)).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it("refuses a body over the limit by its Content-Length, and a chunked one as it arrives", async () => {
    expect(await readJsonBody(post("[1]", { "content-length": "1000" }), 100)).toMatchObject({
      ok: false,
      status: 413,
    });
    expect(await readJsonBody(post(chunked(["[", "1,".repeat(60), "1]"])), 100)).toMatchObject({
      ok: false,
      status: 413,
    });
  });

  it("refuses a key named __proto__ at any depth with a 400 that says so", async () => {
    for (const text of ['{"__proto__":{"admin":true}}', '[{"a":{"__proto__":1}}]']) {
      const read = await readJsonBody(post(text), 1000);
      expect(read).toMatchObject({ ok: false, status: 400, error: expect.stringContaining("__proto__") });
    }
  });

  it("refuses what is not JSON", async () => {
    expect(await readJsonBody(post("{"), 100)).toMatchObject({ ok: false, status: 400 });
  });
});
