// Work with a deadline: the answer, or an error naming what did not answer in
// time. A timer on a busy event loop fires late, in the same turn as the reply
// it waited for: the verdict waits for setImmediate, after pending I/O is read,
// so a timeout means the other side was slow, not that Node was.
export class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`}`);
    this.name = "DeadlineError";
  }
}

export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (settled) return;
          settled = true;
          reject(new DeadlineError(what, ms));
        }),
      ms,
    );
    work.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
