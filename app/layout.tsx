import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "LegendAI Admin", template: "%s · LegendAI Admin" },
  description: "Runs and watches the LegendAI pattern-scanner database.",
  icons: { icon: "/favicon.svg" },
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
