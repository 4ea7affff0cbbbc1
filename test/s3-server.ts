// A real S3 API (s3rver) on loopback with one bucket, in a folder of its own:
// the tests, the e2e suite and the fault rig all start theirs this way.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export type S3Server = {
  port: number;
  bucket: string;
  /** The settings that point the app at this bucket. */
  env: Record<string, string>;
  close(): Promise<void>;
};

export async function startS3Server(bucket: string, parentDir: string = tmpdir()): Promise<S3Server> {
  const directory = mkdtempSync(path.join(parentDir, "s3rver-"));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    port,
    bucket,
    env: s3Env(bucket, port),
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The app's S3 settings for `bucket` on a local s3rver at `port` (or a proxy in front of it). */
export const s3Env = (bucket: string, port: number): Record<string, string> => ({
  S3_BUCKET: bucket,
  S3_ENDPOINT: `http://127.0.0.1:${port}`,
  S3_FORCE_PATH_STYLE: "true",
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
});
