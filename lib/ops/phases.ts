// The words for an operation's phases, shared by every operation (a restore's
// safety backup dumps, as a backup does): what the dashboard and the job
// record show while a phase runs.
export const PHASE_LABELS: Record<string, string> = {
  starting: "Starting",
  dumping: "Dumping and compressing",
  verifying: "Verifying",
  uploading: "Uploading to S3",
  downloading: "Downloading from S3",
  "holding-writes": "Holding writes",
  "safety-backup": "Taking a safety backup",
  restoring: "Restoring",
  checking: "Checking row counts",
  preparing: "Checking the recoverable window and disk space",
  recovering: "Recovering to the chosen moment",
  copying: "Copying rows",
  inserting: "Inserting the missing rows",
  indexing: "Adding the copy's primary key",
  "backing-up": "Backing up with pgBackRest",
  comparing: "Comparing with live",
  "catching-up": "Applying what the backup lacks",
  measuring: "Timing the hot queries",
  migrating: "Applying a migration under load",
  "cleaning-up": "Cleaning up",
  done: "Done",
};

export const phaseLabel = (phase: string) => PHASE_LABELS[phase] ?? phase;
