// A JSON request body, read with a byte limit: a client cannot make the server
// hold more than `maxBytes` of it, whatever Content-Length says (or omits).
// A key named __proto__ is refused: JavaScript objects would silently drop it.
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; error: string };

/** The body's bytes, or null when there are more than `maxBytes`. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer | null> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return null;
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
  if (!request.body) return { ok: false, status: 400, error: "the body is empty" };
  const bytes = await readBodyBytes(request, maxBytes);
  if (!bytes) return { ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes: split the upload` };
  let protoKey = false;
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"), (key, v: unknown) => {
      if (key === "__proto__") protoKey = true;
      return v;
    });
    if (protoKey) return { ok: false, status: 400, error: "the body has a key named __proto__, which is not accepted" };
    return { ok: true, value };
  } catch {
    return { ok: false, status: 400, error: "the body is not valid JSON" };
  }
}
