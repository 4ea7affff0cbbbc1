// A certificate authority and a server certificate for 127.0.0.1 and
// localhost, made with openssl for one test run: the local S3 server (and
// pgBackRest's TLS server) speak HTTPS with it, and clients trust only the CA.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

export type TestCertificate = {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** A client certificate (CN legendai-admin) signed by the same CA, for pgBackRest's TLS server. */
  clientCertFile: string;
  clientKeyFile: string;
  remove: () => void;
};

export const CLIENT_NAME = "legendai-admin";

export function makeTestCertificate(): TestCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), "legendai-tls-"));
  chmodSync(dir, 0o755); // the cluster's user (pgBackRest) reads the CA here
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  openssl(
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=LegendAI test CA"],
    ...["-keyout", file("ca.key"), "-out", file("ca.crt")],
    ...["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"],
  );
  openssl(
    ...["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"],
    ...["-keyout", file("server.key"), "-out", file("server.csr")],
  );
  writeFileSync(file("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  openssl(
    ...["x509", "-req", "-in", file("server.csr"), "-CA", file("ca.crt"), "-CAkey", file("ca.key")],
    ...["-CAcreateserial", "-days", "2", "-extfile", file("server.ext"), "-out", file("server.crt")],
  );
  openssl(
    ...["req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${CLIENT_NAME}`],
    ...["-keyout", file("client.key"), "-out", file("client.csr")],
  );
  writeFileSync(file("client.ext"), "extendedKeyUsage=clientAuth\n");
  openssl(
    ...["x509", "-req", "-in", file("client.csr"), "-CA", file("ca.crt"), "-CAkey", file("ca.key")],
    ...["-CAcreateserial", "-days", "2", "-extfile", file("client.ext"), "-out", file("client.crt")],
  );
  // The cluster's user (pgBackRest) reads them: its own, keys private to it.
  const postgres = userInfo().uid === 0 ? Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })) : null;
  for (const name of ["ca.crt", "server.crt", "server.key", "client.crt", "client.key"]) {
    if (postgres !== null) chownSync(file(name), postgres, -1);
    chmodSync(file(name), name.endsWith(".key") ? 0o600 : 0o644);
  }
  return {
    dir,
    caFile: file("ca.crt"),
    certFile: file("server.crt"),
    keyFile: file("server.key"),
    clientCertFile: file("client.crt"),
    clientKeyFile: file("client.key"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
