// npm run ops:verify-backup [-- FILE]: the restore drill.
import { startVerify } from "@/lib/ops/verify";
import { cliActor } from "./actor";
import { runCli } from "./run";

runCli(async ([file]) => {
  const { job, done } = await startVerify(cliActor(), file);
  job.listeners.push((line) => console.error(line));
  const result = await done;
  console.log(
    `${result.backup}: restored into a scratch database and matched its manifest in ${(result.durationMs / 1000).toFixed(1)} s`,
  );
});
