// A real S3 API (s3rver) on loopback with one bucket, in a folder of its own:
// the tests, the e2e suite and the fault rig all start theirs this way.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export type S3Server = {
  port: number;
  bucket: string;
  /** Where s3rver keeps the objects (a folder per bucket). */
  directory: string;
  /** The settings that point the app at this bucket. */
  env: Record<string, string>;
  close(): Promise<void>;
};

/** With `tls` (PEM files), it speaks HTTPS. */
export async function startS3Server(
  bucket: string,
  parentDir: string = tmpdir(),
  tls?: { certFile: string; keyFile: string },
): Promise<S3Server> {
  const directory = mkdtempSync(path.join(parentDir, "s3rver-"));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
    ...(tls ? { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } : {}),
  });
  const { port } = await server.run();
  const env = s3Env(bucket, port);
  // pgBackRest 2.45 matches the endpoint against the certificate's DNS names only, not its IP addresses.
  if (tls) env.S3_ENDPOINT = `https://localhost:${port}`;
  return {
    port,
    bucket,
    directory,
    env,
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
