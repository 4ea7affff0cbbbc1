import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "LegendAI Admin", template: "%s · LegendAI Admin" },
  description: "Runs and watches the LegendAI pattern-scanner database.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
