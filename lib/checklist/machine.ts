// What the checklist can learn about the machine the database runs on: its
// memory (from the server's own /proc/meminfo when the role may read server
// files, else from this machine's when the database is on it) and whether
// its data sits on a spinning disk (sysfs, same rule). Unknown is an answer:
// the lints that need it then say why they could not look.
import { readFile, stat } from "node:fs/promises";
import { totalmem } from "node:os";
import { sql, type SqlTarget } from "@/lib/db/sql";

export type Known<T> = { value: T; from: string } | { value: null; why: string };

/** True when the session reaches the server over a Unix socket or a loopback address. */
export async function isLocal(db?: SqlTarget): Promise<boolean> {
  const [r] = await sql<{ local: boolean }>(
    "Checklist.local",
    `SELECT coalesce(inet_server_addr() << '127.0.0.0/8'::inet OR inet_server_addr() = '::1'::inet, true) AS local`,
    [],
    db,
  );
  return r.local;
}

export async function serverMemory(db?: SqlTarget): Promise<Known<number>> {
  const meminfo = await sql<{ text: string }>(
    "Checklist.meminfo",
    `SELECT pg_read_file('/proc/meminfo', 0, 100) AS text`,
    [],
    db,
  ).catch(() => null);
  const kb = meminfo && /MemTotal:\s+(\d+) kB/.exec(meminfo[0].text);
  if (kb) return { value: Number(kb[1]) * 1024, from: "the server's /proc/meminfo" };
  if (await isLocal(db)) return { value: totalmem(), from: "this machine (the database runs on it)" };
  return {
    value: null,
    why: "the server's memory cannot be known: the role may not read /proc/meminfo (pg_read_server_files) and the database is on another machine",
  };
}

/** Whether the data directory's disk spins (sysfs "rotational"), when the database is on this machine. */
export async function dataDiskRotates(db?: SqlTarget): Promise<Known<boolean>> {
  const dir = await sql<{ dir: string }>(
    "Checklist.dataDirectory",
    `SELECT current_setting('data_directory') AS dir`,
    [],
    db,
  ).catch(() => null);
  if (!dir) return { value: null, why: "the data directory is hidden from this role (pg_read_all_settings)" };
  if (!(await isLocal(db))) return { value: null, why: "the database is on another machine" };
  const device = await stat(dir[0].dir, { bigint: true }).catch(() => null);
  if (!device) return { value: null, why: `${dir[0].dir} cannot be read here` };
  const dev = device.dev; // Linux's dev_t: major in bits 8–19 and 32+, minor in bits 0–7 and 20+
  const id = `${((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn)}:${(dev & 0xffn) | ((dev >> 12n) & ~0xffn)}`;
  for (const file of [`/sys/dev/block/${id}/queue/rotational`, `/sys/dev/block/${id}/../queue/rotational`]) {
    const flag = await readFile(file, "utf8").catch(() => null);
    if (flag !== null) return { value: flag.trim() === "1", from: file };
  }
  return { value: null, why: `the data directory's device (${id}) has no disk behind it here (a container's overlay)` };
}
