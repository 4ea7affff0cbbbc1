"use client";
// Client-side data (live charts, job progress) goes through one react-query client.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";

export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: true, retry: 1, staleTime: 2_000 } } }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
