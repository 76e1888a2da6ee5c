/**
 * Takes away the worker's ways of running a string as code: eval, the
 * constructors of every kind of function, and timers handed a string. The
 * worker parses every untrusted file and link, so none of that text may ever
 * become code. Where the host sends the Content-Security-Policy header
 * (README, "Hosting") the browser refuses all of these already; a page's meta
 * tag never reaches a worker, so on a host without headers this is all the
 * worker has. It runs when the worker starts, before any message is read.
 * tfjs and its wasm backend call none of these.
 */

function refuse(what: string): never {
  throw new EvalError(
    `${what} is turned off in the lab's worker: it reads untrusted files, so it never runs a string as code`,
  );
}

/** Defines `key` for good: what it replaces cannot be put back. */
function lock(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: false, enumerable: false, configurable: false });
}

/** A stand-in that refuses, under the original's name; a plain function, so that `new` reaches it too. */
function refusing(name: string, what: string): (...args: unknown[]) => never {
  // biome-ignore lint/complexity/useArrowFunction: an arrow function cannot be called with `new`, and `new Function()` must reach this refusal
  const stand = function () {
    return refuse(what);
  };
  Object.defineProperty(stand, 'name', { value: name });
  return stand;
}

// Each kind of function reaches its constructor through its prototype ((async () => {}).constructor is AsyncFunction).
// biome-ignore lint/complexity/useArrowFunction: the samples are plain and async functions as written, whose constructors are Function and AsyncFunction
for (const sample of [function () {}, async function () {}, function* () {}, async function* () {}]) {
  const prototype = Object.getPrototypeOf(sample) as { constructor: { name: string } };
  const { name } = prototype.constructor;
  const stand = refusing(name, `new ${name}()`);
  // Pointing back keeps `f instanceof Function` true for every function.
  stand.prototype = prototype;
  lock(prototype, 'constructor', stand);
}
lock(globalThis, 'Function', Function.prototype.constructor);
lock(globalThis, 'eval', refusing('eval', 'eval'));

for (const name of ['setTimeout', 'setInterval'] as const) {
  const timer = globalThis[name] as (handler: unknown, ...rest: unknown[]) => unknown;
  lock(globalThis, name, (handler: unknown, ...rest: unknown[]) =>
    typeof handler === 'function' ? timer(handler, ...rest) : refuse(`${name} with a string`),
  );
}
