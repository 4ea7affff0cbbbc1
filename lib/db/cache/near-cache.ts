// The near cache: a small in-process tier in front of Redis for hot results.
// Bounded by entries and bytes (least recently used go first); an entry never
// outlives its Redis copy, and is dropped as soon as any instance invalidates
// one of its tags (Redis pub/sub, see QueryCache).
export type NearEntry = { value: unknown; tags: string[]; expiresAt: number; bytes: number };
export type NearStats = { entries: number; bytes: number; maxEntries: number; maxBytes: number };

export class NearCache {
  private readonly entries = new Map<string, NearEntry>();
  private bytes = 0;

  constructor(
    readonly maxEntries = 1_000,
    readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  get(key: string, now = Date.now()): NearEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) {
      this.bytes -= entry.bytes;
      return undefined;
    }
    this.entries.set(key, entry); // most recently used last
    return entry;
  }

  set(key: string, entry: NearEntry): void {
    if (entry.bytes > this.maxBytes / 16) return; // a big result would push out many small ones
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** Drops every entry carrying one of `tags`. */
  dropTags(tags: string[]): void {
    for (const [key, entry] of this.entries) if (entry.tags.some((t) => tags.includes(t))) this.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): NearStats {
    return { entries: this.entries.size, bytes: this.bytes, maxEntries: this.maxEntries, maxBytes: this.maxBytes };
  }
}
