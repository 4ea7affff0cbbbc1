// WAL positions ("16/B374D848") as numbers that compare, and as fixed-width
// text that compares the same way in Redis (Lua string comparison).

export function parseLsn(text: string): bigint {
  const [high, low] = text.split("/");
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/** 16 hex digits: ordered as text exactly as the positions are ordered. */
export const lsnKey = (lsn: bigint) => lsn.toString(16).padStart(16, "0");

export const fromLsnKey = (key: string) => BigInt(`0x${key}`);
