// `npm start`: the production server. Next's request handler behind a front
// door of our own (lib/front-door), because `next start` passes on whatever
// X-Forwarded-For a client writes and gives the app no socket address, and
// lets a server action's body reach Next's decoder unchecked. Also: a client
// that trickles its headers or body is cut off (Node's own limits, made short).
//   npx tsx server.ts [-p PORT] [-H HOST]      (PORT and HOSTNAME also work)
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import next from "next";
import { envOrExit } from "@/lib/env";
import { frontDoor } from "@/lib/front-door/front-door";
import { publicPaths } from "@/lib/front-door/methods";
import { FRONT_DOOR_MARK } from "@/lib/front-door/client-address";

/* eslint-disable no-restricted-properties -- the server's own start-up: port, host, and the mark the app reads */
Object.assign(process.env, { NODE_ENV: "production" }); // this server serves the production build (`npm run build`), as `next start` does
const dir = path.dirname(new URL(import.meta.url).pathname);
nextEnv.loadEnvConfig(dir, false); // .env, .env.production, .env.local, as `next start` reads them
const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
const config = envOrExit({ server: true });
process.env[FRONT_DOOR_MARK] = "1"; // the app trusts the client address header only behind this server
/* eslint-enable no-restricted-properties */

const app = next({ dev: false, dir, hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer(
  { connectionsCheckingInterval: 2_000 }, // how often the limits below are enforced
  frontDoor(
    {
      trustedProxyHops: config.TRUSTED_PROXY_HOPS,
      hsts: config.NEXTAUTH_URL?.startsWith("https:") ?? false,
      publicFiles: publicPaths(path.join(dir, "public")),
      signInWorkers: config.SIGN_IN_CONCURRENCY,
      siteUrl: config.NEXTAUTH_URL,
      onRefusal: (request, refusal, reference) =>
        console.warn(
          `${new Date().toISOString()} WARN [front-door] ${refusal.status} ${request.method} ${request.url?.split("?")[0]}: ${refusal.message} (reference ${reference})`,
        ),
    },
    (request, response) => handle(request, response),
  ),
);
server.headersTimeout = 20_000; // all headers within 20 s
server.requestTimeout = 60_000; // the whole request, body included, within 60 s
server.listen(port, hostname, () => {
  console.log(`LegendAI Admin on http://${hostname}:${port} (trusted proxy hops: ${config.TRUSTED_PROXY_HOPS})`);
});
