// bcrypt off the event loop. bcryptjs is plain JavaScript: one check at cost
// 10 holds the thread it runs on for ~70 ms, so on the request thread a burst
// of sign-ins would stall every other request (health checks included). Here
// checks and hashes run on a few worker threads (SIGN_IN_CONCURRENCY), one
// at a time each; the request thread only waits for the answer.
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { env } from "@/lib/env";

type Job = {
  op: "compare" | "hash";
  args: [string, string | number];
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
};

// The worker is plain CommonJS given as text: it loads bcryptjs from the app's node_modules by path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcryptPath);
parentPort.on("message", async ({ op, args }) => {
  try { parentPort.postMessage({ ok: true, value: await bcrypt[op](...args) }); }
  catch (error) { parentPort.postMessage({ ok: false, error: String(error && error.message || error) }); }
});`;

class PasswordWorker {
  private worker: Worker | null = null;
  private job: Job | null = null;

  constructor(private readonly onIdle: () => void) {}

  get busy(): boolean {
    return this.job !== null;
  }

  run(job: Job): void {
    this.job = job;
    this.start().postMessage({ op: job.op, args: job.args });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const bcryptPath = createRequire(path.join(process.cwd(), "package.json")).resolve("bcryptjs");
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath } });
    worker.unref(); // an idle pool never keeps the process alive
    worker.on("message", (answer: { ok: boolean; value?: unknown; error?: string }) => {
      const job = this.finish();
      if (answer.ok) job?.resolve(answer.value);
      else job?.reject(new Error(`password hashing failed: ${answer.error}`));
    });
    worker.on("error", (error) => this.finish()?.reject(error));
    worker.on("exit", () => {
      this.worker = null; // started again for the next job
      this.finish()?.reject(new Error("the password worker stopped"));
    });
    this.worker = worker;
    return worker;
  }

  private finish(): Job | null {
    const job = this.job;
    this.job = null;
    if (job) queueMicrotask(this.onIdle);
    return job;
  }
}

class PasswordPool {
  private readonly waiting: Job[] = [];
  private workers: PasswordWorker[] = [];

  run<T>(op: Job["op"], args: Job["args"]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ op, args, resolve: resolve as (v: unknown) => void, reject });
      this.next();
    });
  }

  next(): void {
    const size = env().SIGN_IN_CONCURRENCY;
    while (this.workers.length < size) this.workers.push(new PasswordWorker(() => this.next()));
    for (const worker of this.workers.slice(0, size)) {
      if (!this.waiting.length) return;
      if (!worker.busy) worker.run(this.waiting.shift()!);
    }
  }
}

const pool = new PasswordPool();

/** bcrypt.compare on a worker thread. */
export const comparePassword = (password: string, hash: string) => pool.run<boolean>("compare", [password, hash]);

/** bcrypt.hash on a worker thread. */
export const hashPassword = (password: string, cost: number) => pool.run<string>("hash", [password, cost]);
