// Ticker metadata: by symbol, and a search over symbols and names (cached an hour).
import { z } from "zod";
import { cached } from "@/lib/db/cache";
import { prisma } from "@/lib/db/client";

const TAGS = ["tickers"];

export async function getTicker(symbol: string) {
  const normalised = symbol.trim().toUpperCase();
  return cached({ name: "getTicker", params: { symbol: normalised }, kind: "tickers", tags: TAGS }, () =>
    prisma().ticker.findUnique({ where: { symbol: normalised } }),
  );
}

export const tickerSearchParams = z.object({
  q: z.string().trim().min(1).max(50),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** Symbols starting with the text first, then names containing it. */
export async function searchTickers(input: z.input<typeof tickerSearchParams>) {
  const params = tickerSearchParams.parse(input);
  return cached({ name: "searchTickers", params, kind: "tickers", tags: TAGS }, async () => {
    const rows = await prisma().ticker.findMany({
      where: {
        OR: [
          { symbol: { startsWith: params.q.toUpperCase() } },
          { name: { contains: params.q, mode: "insensitive" } },
        ],
      },
      orderBy: { symbol: "asc" },
      take: 100,
    });
    const q = params.q.toUpperCase();
    const rank = (t: { symbol: string }) => (t.symbol === q ? 0 : t.symbol.startsWith(q) ? 1 : 2);
    return rows.sort((a, b) => rank(a) - rank(b)).slice(0, params.limit);
  });
}
