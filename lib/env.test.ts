import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv } from "@/lib/env";

describe("loadEnv", () => {
  it("uses the documented defaults when nothing is set", () => {
    const e = loadEnv({});
    expect(e).toMatchObject({
      DB_POOL_SIZE: 5,
      DB_MAX_OVERFLOW: 10,
      DB_POOL_TIMEOUT: 30,
      DB_POOL_RECYCLE: 3600,
      DB_POOL_PRE_PING: true,
      DEBUG: false,
      BACKUP_DIR: "./backups",
      KEEP_DAYS: 7,
      REDIS_URL: "redis://127.0.0.1:6379",
    });
    expect(e.S3_BUCKET).toBeUndefined();
    expect(e.DATABASE_URL).toMatch(/^postgresql:\/\/.*127\.0\.0\.1:5432\//);
  });

  it("reads the documented variables", () => {
    const e = loadEnv({
      DB_POOL_SIZE: "3",
      DB_MAX_OVERFLOW: "0",
      DB_POOL_PRE_PING: "false",
      DEBUG: "yes",
      KEEP_DAYS: "30",
      DB_POOL_TIMEOUT: "0.5",
    });
    expect(e).toMatchObject({
      DB_POOL_SIZE: 3,
      DB_MAX_OVERFLOW: 0,
      DB_POOL_PRE_PING: false,
      DEBUG: true,
      KEEP_DAYS: 30,
      DB_POOL_TIMEOUT: 0.5,
    });
  });

  it("treats an empty value as unset", () => {
    expect(loadEnv({ DB_POOL_SIZE: "" }).DB_POOL_SIZE).toBe(5);
  });

  it.each([
    ["DB_POOL_SIZE", "abc", /DB_POOL_SIZE="abc" \(expected a whole number from 1 to 1000\)/],
    ["DB_POOL_SIZE", "-1", /DB_POOL_SIZE="-1" \(expected a whole number from 1 to 1000\)/],
    ["DB_POOL_SIZE", "2.5", /whole number/],
    ["DB_MAX_OVERFLOW", "-3", /DB_MAX_OVERFLOW="-3"/],
    ["DB_POOL_TIMEOUT", "0", /DB_POOL_TIMEOUT="0" \(expected a number/],
    ["DB_POOL_PRE_PING", "maybe", /DB_POOL_PRE_PING="maybe" \(expected true or false/],
    ["KEEP_DAYS", "week", /KEEP_DAYS="week"/],
    ["REDIS_URL", "localhost:6379", /REDIS_URL="localhost:6379" \(expected a URL starting with redis:\/\//],
  ])("stops on %s=%s with one line naming it", (name, value, message) => {
    const attempt = () => loadEnv({ [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message.split("\n")).toHaveLength(1);
    }
  });

  it("never prints a password from a bad URL", () => {
    const attempt = () => loadEnv({ DATABASE_URL: "mysql://admin:hunter2@db.example:3306/x" });
    expect(attempt).toThrow(/DATABASE_URL="mysql:\/\/admin:\*\*\*@db\.example:3306\/x"/);
    expect(attempt).not.toThrow(/hunter2/);
  });
});
