// A request whose body the front door has already read, handed on to Next as
// if it had just arrived: the same socket, method, URL and headers, and the
// body from memory.
import { IncomingMessage } from "node:http";

export function replay(original: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(original.socket);
  copy.method = original.method;
  copy.url = original.url;
  copy.headers = original.headers;
  copy.rawHeaders = original.rawHeaders;
  copy.httpVersion = original.httpVersion;
  copy.httpVersionMajor = original.httpVersionMajor;
  copy.httpVersionMinor = original.httpVersionMinor;
  copy.complete = true; // else, once read, it counts as aborted and destroys the socket
  copy._read = () => {}; // everything is pushed below; the socket is not read again for this request
  copy.push(body);
  copy.push(null);
  return copy;
}

/** The body, up to `maxBytes`; "too large" past that (the rest is not read); null if the client stops sending. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | "too large" | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve("too large");
        request.removeAllListeners("data");
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", () => resolve(null));
    request.on("close", () => resolve(null)); // no-op once resolved
  });
}
