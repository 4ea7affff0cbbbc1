// The validation rules that routes, server actions, queries, the seed and the
// CLI share. Each rule is written once here; its users import it.
import { z } from "zod";

export const PATTERN_TYPES = [
  "VCP",
  "CUP_WITH_HANDLE",
  "FLAT_BASE",
  "DOUBLE_BOTTOM",
  "ASCENDING_BASE",
  "HIGH_TIGHT_FLAG",
] as const;
export const ALERT_TYPES = ["PIVOT_BREAKOUT", "PATTERN_FOUND", "PRICE_TARGET", "VOLUME_SURGE"] as const;

const TICKER = /^[A-Z][A-Z0-9.-]{0,15}$/;
const UPPER_NAME = /^[A-Z][A-Z0-9_]{1,31}$/;
/** legendai_db_YYYYMMDD_HHMMSS.sql.gz (UTC), the backup files this product writes. */
export const BACKUP_FILE = /^legendai_db_(\d{8})_(\d{6})\.sql\.gz$/;

/** A ticker as stored: 1-16 upper-case letters, digits, '.' or '-'. */
export const storedTicker = z.string().regex(TICKER, "ticker must be 1-16 upper-case letters, digits, '.' or '-'");
/** A ticker someone typed: any case, trimmed, stored upper-case. */
export const tickerInput = z.string().trim().toUpperCase().regex(TICKER, "a ticker symbol such as AAPL");

/** A pattern type: an upper-case name; the known ones are PATTERN_TYPES, the scanner may add more. */
export const patternTypeSchema = z.string().regex(UPPER_NAME, "an upper-case pattern name such as VCP");
export const alertTypeSchema = z.string().regex(UPPER_NAME, "an upper-case alert type such as PIVOT_BREAKOUT");

/** A database id: a positive 32-bit integer (what a serial column holds). */
export const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const backupFileSchema = z
  .string()
  .regex(BACKUP_FILE, "a backup file name such as legendai_db_20240115_120000.sql.gz");

/** bcrypt's cost factor for stored passwords (the seed and user management use the same). */
export const BCRYPT_COST = 10;
