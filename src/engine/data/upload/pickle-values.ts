/**
 * What a pickle's data becomes in the lab's pickle reader (pickle.ts): the
 * few Python values a CIFAR file holds, and numpy's array reconstruction
 * understood as a record of shape, dtype and bytes, never as code to run.
 */
import { fail } from './upload-error';

export class PyBytes {
  constructor(readonly bytes: Uint8Array) {}
  get text(): string {
    return new TextDecoder().decode(this.bytes);
  }
}
export class PyTuple {
  constructor(readonly items: PickleValue[]) {}
}
export class PyDict {
  readonly entries = new Map<string, PickleValue>();
}
/** A numpy dtype by its code ("u1": unsigned bytes). */
export class NumpyDtype {
  constructor(readonly code: string) {}
}
/** A numpy array as its pickle describes it; nothing is built from it here. */
export class NumpyArray {
  shape: number[] = [];
  dtype: NumpyDtype | undefined;
  data: PickleValue = null;
}
/** A byte string that went to `stream` rather than into memory. */
export class StreamedBytes {
  constructor(readonly length: number) {}
}
export class PyGlobal {
  constructor(readonly name: string) {}
}

export type PickleValue =
  | null
  | boolean
  | number
  | string
  | PyBytes
  | PickleValue[]
  | PyTuple
  | PyDict
  | NumpyArray
  | NumpyDtype
  | StreamedBytes
  | PyGlobal;

/** The callables numpy's arrays pickle with (numpy 2 moved `core` to `_core`). */
const RECONSTRUCT = new Set(['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct']);
const NDARRAY = 'numpy.ndarray';
const DTYPE = 'numpy.dtype';
export const ALLOWED_CALLABLES = new Set([...RECONSTRUCT, NDARRAY, DTYPE]);

export function keyOf(key: PickleValue): string {
  if (typeof key === 'string') return key;
  if (key instanceof PyBytes) return key.text;
  return fail('has a dict key that is not a string; a CIFAR pickle keys its dicts by name');
}

const isTuple = (value: PickleValue, length: number): value is PyTuple =>
  value instanceof PyTuple && value.items.length === length;

/** A call numpy's pickles make: `_reconstruct(ndarray, (0,), b'b')` (an empty array to fill) or `dtype('u1', False, True)`. */
export function reduce(callable: PickleValue, args: PickleValue): PickleValue {
  if (callable instanceof PyGlobal && RECONSTRUCT.has(callable.name) && isTuple(args, 3)) {
    const [type] = args.items;
    if (type instanceof PyGlobal && type.name === NDARRAY) return new NumpyArray();
  }
  if (callable instanceof PyGlobal && callable.name === DTYPE && isTuple(args, 3)) {
    const [code] = args.items;
    const text = code instanceof PyBytes ? code.text : code;
    if (typeof text === 'string') return new NumpyDtype(text);
  }
  const name = callable instanceof PyGlobal ? callable.name : 'a value that is not a callable';
  return fail(`calls ${name} in a way numpy's array pickles do not; the lab reads only numpy arrays of bytes`);
}

/** Sets an array's state, `(version, shape, dtype, is_fortran, data)`; a dtype's state is not needed (a byte has no order). */
export function build(target: PickleValue, state: PickleValue): void {
  if (target instanceof NumpyDtype) return;
  if (!(target instanceof NumpyArray) || !isTuple(state, 5))
    fail("sets the state of a value in a way numpy's array pickles do not");
  const [, shape, dtype, , data] = state.items;
  if (!(shape instanceof PyTuple) || !shape.items.every((n) => typeof n === 'number') || !(dtype instanceof NumpyDtype))
    fail("gives a numpy array a shape or dtype in a way numpy's array pickles do not");
  target.shape = shape.items as number[];
  target.dtype = dtype;
  target.data = data;
}
