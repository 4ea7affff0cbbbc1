"use client";
// What a page shows when something failed on the server: what happened, and what to do.
import { useEffect } from "react";
import { Card } from "./card";
import { ui } from "./styles";

export function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <Card title="This page could not be loaded">
      <p>
        Something failed while reading the data
        {error.digest ? (
          <>
            {" "}
            (reference <code>{error.digest}</code>, in the server log)
          </>
        ) : null}
        . The database or Redis may be unavailable: the Overview&apos;s health card says which.
      </p>
      <button type="button" className={ui.button} onClick={reset}>
        Try again
      </button>
    </Card>
  );
}
