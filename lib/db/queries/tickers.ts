// Ticker metadata by symbol (cached an hour): the scans page names the ticker it is filtered by.
import { cached } from "@/lib/db/cache";
import { prisma } from "@/lib/db/client";

const TAGS = ["tickers"];

export async function getTicker(symbol: string) {
  const normalised = symbol.trim().toUpperCase();
  return cached({ name: "getTicker", params: { symbol: normalised }, kind: "tickers", tags: TAGS }, () =>
    prisma().ticker.findUnique({ where: { symbol: normalised } }),
  );
}
