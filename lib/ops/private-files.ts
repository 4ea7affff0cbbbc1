// Backups hold every user's password hash and every trader's data: what the
// app writes under BACKUP_DIR (dumps, safety backups, manifests, job records,
// files fetched from S3) is created 0600 in folders made 0700, whatever the
// umask. A folder or file someone else made readable is not changed behind
// their back: it is named at start and on /operations, with the command.
import { chmod, mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** mkdir -p, each folder it makes 0700 (an existing one keeps its mode). */
export async function makePrivateDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!first) return;
  for (let d = path.resolve(dir); d.length >= path.resolve(first).length; d = path.dirname(d)) {
    await chmod(d, PRIVATE_DIR_MODE); // the umask may have taken bits away; this is exact
  }
}

/** A finished file made exactly 0600 (created with that mode, the umask could only narrow it). */
export const makePrivateFile = (file: string) => chmod(file, PRIVATE_FILE_MODE);

const octal = (mode: number) => (mode & 0o777).toString(8);
const exposed = (mode: number) => (mode & 0o077) !== 0;

/** What in BACKUP_DIR other users can read or enter, with the fix; null when nothing (or it does not exist yet). */
export async function backupDirExposure(dir = path.resolve(env().BACKUP_DIR)): Promise<string | null> {
  const folder = await stat(dir).catch(() => null);
  if (!folder) return null;
  const problems: string[] = [];
  if (exposed(folder.mode))
    problems.push(`BACKUP_DIR ${dir} is open to other users (mode ${octal(folder.mode)}): chmod 700 ${dir}`);
  const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  let open = 0;
  let example = "";
  for (const entry of files.filter((e) => e.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    const mode = (await stat(file).catch(() => null))?.mode;
    if (mode !== undefined && exposed(mode)) {
      open += 1;
      example ||= file;
    }
  }
  if (open)
    problems.push(
      `${open} file${open === 1 ? "" : "s"} in it can be read by other users (e.g. ${example}): chmod -R go= ${dir}`,
    );
  return problems.length ? problems.join("; ") : null;
}
