// What the front door lets through to Next's action decoder: a form whose
// arguments Next can decode; everything else is a 4xx with the reason.
import { describe, expect, it } from "vitest";
import { checkActionBody, checkActionHeaders } from "./action-request";

const BOUNDARY = "b";
const form = (fields: [string, string][]) => ({
  headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, "next-action": "7f00" },
  body: Buffer.from(
    `${fields.map(([n, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`).join("")}--${BOUNDARY}--\r\n`,
  ),
});

describe("server-action requests", () => {
  it("lets a form through, as React sends it", async () => {
    const { headers, body } = form([
      ["_1_email", "a@b.c"],
      ["0", '[null,"$K1"]'],
    ]);
    expect(checkActionHeaders(headers)).toBeNull();
    expect(await checkActionBody(headers, body)).toBeNull();
    const withState = form([["0", '[{"ok":false,"message":"$$5 off","fieldErrors":{"a":["b"]}},"$K1"]']]);
    expect(await checkActionBody(withState.headers, withState.body)).toBeNull();
  });

  it.each([
    [{ "content-length": String(300 * 1024) }, 413, /larger than 256 KB/],
    [{ "content-type": "text/plain" }, 400, /takes a form/],
    [{ "content-type": "multipart/form-data" }, 400, /boundary/],
  ])("refuses %j before reading the body", (headers, status, message) => {
    const refusal = checkActionHeaders({ "content-type": "multipart/form-data; boundary=x", ...headers });
    expect(refusal).toMatchObject({ status });
    expect(refusal?.message).toMatch(message);
  });

  it.each([
    [
      "a truncated body",
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[nu`),
      /malformed/,
    ],
    ["no arguments", form([["_1_x", "1"]]).body, /missing/],
    ["arguments that are not JSON", form([["0", "[null,"]]).body, /not valid JSON/],
    ["arguments not ending with the form", form([["0", '{"a":1}']]).body, /\[previous state, form\]/],
    ["arguments nested too deep", form([["0", `[${"[".repeat(40)}${"]".repeat(40)},"$K1"]`]]).body, /deeper/],
    ["a reference to a part not sent", form([["0", '["$@3","$K1"]']]).body, /refer to parts/],
    [
      "the arguments twice",
      form([
        ["0", '["$K1"]'],
        ["0", '["$K1"]'],
      ]).body,
      /twice/,
    ],
  ])("refuses %s with a 400 that says so", async (_, body, message) => {
    const refusal = await checkActionBody(form([]).headers, body);
    expect(refusal?.status).toBe(400);
    expect(refusal?.message).toMatch(message);
  });
});
