/**
 * A Python pickle read as data, never run: an interpreter of the opcodes
 * the CIFAR "python version" files use (dicts, lists, tuples, strings,
 * ints; protocol 2 as Python 2 wrote them, and the few opcodes later
 * protocols add for the same values). A pickle may name a Python callable
 * (GLOBAL) and call it (REDUCE, BUILD); here only numpy's array
 * reconstruction is understood, as a record of shape, dtype and bytes, and
 * any other name is refused before anything else is read. Fed a chunk at a
 * time; a byte string of `streamFrom` bytes or more (the image data) goes
 * to `stream` as it arrives instead of being held.
 */
import { grouped } from '../../../core/upload/limits';
import {
  ALLOWED_CALLABLES,
  build,
  keyOf,
  PyBytes,
  PyDict,
  PyGlobal,
  PyTuple,
  reduce,
  StreamedBytes,
  type PickleValue,
} from './pickle-values';
import { fail } from './upload-error';

/** Opcodes refused by name: they build objects or run code a data file does not need. */
const REFUSED_NAMES: Record<number, string> = {
  105: 'INST',
  111: 'OBJ',
  129: 'NEWOBJ',
  146: 'NEWOBJ_EX',
  130: 'EXT1',
  131: 'EXT2',
  132: 'EXT4',
  80: 'PERSID',
  81: 'BINPERSID',
};

export interface PickleOptions {
  /** Byte strings this long or longer are streamed. */
  streamFrom: number;
  /** A long byte string begins: returns what takes its bytes (views, valid only during the call), or refuses it. */
  stream(length: number): (chunk: Uint8Array) => void;
  /** Values made in all (list items, strings, ...): bounds the memory a hostile pickle can take. */
  maxValues: number;
}

/** A text field of GLOBAL is at most this long: module and names are short. */
const LINE_LIMIT = 256;

const MARK = Symbol('mark');
type Slot = PickleValue | typeof MARK;

export class PickleReader {
  private pending = new Uint8Array(0);
  private streaming: { left: number; length: number; write: (chunk: Uint8Array) => void } | undefined;
  private readonly stack: Slot[] = [];
  private readonly memo = new Map<number, PickleValue>();
  private values = 0;
  private result: { value: PickleValue } | undefined;
  private read = 0;

  constructor(private readonly options: PickleOptions) {}

  push(chunk: Uint8Array): void {
    if (this.result) return;
    let data = chunk;
    if (this.pending.length > 0) {
      data = new Uint8Array(this.pending.length + chunk.length);
      data.set(this.pending);
      data.set(chunk, this.pending.length);
    }
    let at = 0;
    while (at < data.length && !this.result) {
      const streaming = this.streaming;
      if (streaming) {
        const take = Math.min(streaming.left, data.length - at);
        streaming.write(data.subarray(at, at + take));
        streaming.left -= take;
        at += take;
        if (streaming.left === 0) {
          this.streaming = undefined;
          this.add(new StreamedBytes(streaming.length));
        }
        continue;
      }
      const used = this.step(data, at);
      if (used === 0) break;
      at += used;
    }
    this.read += at;
    // Copied: the caller's chunk is not held. Never more than one opcode with a short argument.
    this.pending = data.slice(at);
  }

  /** The pickled value, once the bytes have all come. */
  end(): PickleValue {
    if (!this.result) fail('ends before its pickle does; the file may be truncated');
    return this.result.value;
  }

  private add(value: PickleValue): void {
    if (++this.values > this.options.maxValues)
      fail(`holds more than ${grouped(this.options.maxValues)} values, more than a CIFAR pickle holds`);
    this.stack.push(value);
  }

  private pop(): PickleValue {
    const value = this.stack.pop();
    if (value === undefined || value === MARK)
      fail(`is not a well-formed pickle (its stack runs out at byte ${grouped(this.read)})`);
    return value;
  }

  private top(): PickleValue {
    const value = this.stack[this.stack.length - 1];
    if (value === undefined || value === MARK) fail('is not a well-formed pickle (it stores a value it has not made)');
    return value;
  }

  /** The values since the last MARK, which is dropped. */
  private popMark(): PickleValue[] {
    const at = this.stack.lastIndexOf(MARK);
    if (at === -1) fail('is not a well-formed pickle (a MARK is missing)');
    const items = this.stack.splice(at) as PickleValue[];
    items.shift();
    return items;
  }

  /**
   * Runs the opcode at `at`; returns the bytes it used, or 0 where its
   * argument has not all arrived yet.
   */
  private step(data: Uint8Array, at: number): number {
    const op = data[at];
    const left = data.length - at - 1;
    const view = new DataView(data.buffer, data.byteOffset + at + 1, left);
    const uint = (size: 1 | 2 | 4) =>
      size === 1 ? view.getUint8(0) : size === 2 ? view.getUint16(0, true) : view.getUint32(0, true);
    /** A length-prefixed string: its prefix size, and whether it is bytes or text. */
    const string = (size: 1 | 4 | 8, kind: 'bytes' | 'text') => {
      if (left < size) return 0;
      const length = size === 8 ? Number(view.getBigUint64(0, true)) : uint(size);
      if (kind === 'bytes' && length >= this.options.streamFrom) {
        this.streaming = { left: length, length, write: this.options.stream(length) };
        return 1 + size;
      }
      if (length >= this.options.streamFrom)
        fail(`holds a text of ${grouped(length)} bytes, longer than any a CIFAR pickle holds`);
      if (left < size + length) return 0;
      const bytes = data.slice(at + 1 + size, at + 1 + size + length);
      this.add(kind === 'bytes' ? new PyBytes(bytes) : new TextDecoder().decode(bytes));
      return 1 + size + length;
    };
    switch (op) {
      case 0x80: // PROTO
        if (left < 1) return 0;
        if (data[at + 1] > 5) fail(`is a pickle of protocol ${data[at + 1]}, newer than Python writes`);
        return 2;
      case 0x95: // FRAME: a length hint only
        return left < 8 ? 0 : 9;
      case 0x2e: // STOP
        this.result = { value: this.pop() };
        return 1;
      case 0x28: // MARK
        this.stack.push(MARK);
        return 1;
      case 0x4e: // NONE
        this.add(null);
        return 1;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        this.add(op === 0x88);
        return 1;
      case 0x4b: // BININT1
        if (left < 1) return 0;
        this.add(uint(1));
        return 2;
      case 0x4d: // BININT2
        if (left < 2) return 0;
        this.add(uint(2));
        return 3;
      case 0x4a: // BININT
        if (left < 4) return 0;
        this.add(view.getInt32(0, true));
        return 5;
      case 0x8a: {
        // LONG1: a little-endian two's complement integer of n bytes
        if (left < 1 || left < 1 + data[at + 1]) return 0;
        const n = data[at + 1];
        if (n > 6) fail('holds an integer too large for a CIFAR pickle');
        let value = 0;
        for (let i = n - 1; i >= 0; i--) value = value * 256 + data[at + 2 + i];
        if (n > 0 && data[at + 1 + n] & 0x80) value -= 2 ** (8 * n);
        this.add(value);
        return 2 + n;
      }
      case 0x55: // SHORT_BINSTRING (Python 2 str)
      case 0x43: // SHORT_BINBYTES
        return string(1, 'bytes');
      case 0x54: // BINSTRING (Python 2 str)
      case 0x42: // BINBYTES
        return string(4, 'bytes');
      case 0x8e: // BINBYTES8
        return string(8, 'bytes');
      case 0x8c: // SHORT_BINUNICODE
        return string(1, 'text');
      case 0x58: // BINUNICODE
        return string(4, 'text');
      case 0x7d: // EMPTY_DICT
        this.add(new PyDict());
        return 1;
      case 0x5d: // EMPTY_LIST
        this.add([]);
        return 1;
      case 0x29: // EMPTY_TUPLE
        this.add(new PyTuple([]));
        return 1;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const items = Array.from({ length: op - 0x84 }, () => this.pop()).reverse();
        this.add(new PyTuple(items));
        return 1;
      }
      case 0x74: // TUPLE
        this.add(new PyTuple(this.popMark()));
        return 1;
      case 0x61: {
        // APPEND
        const item = this.pop();
        this.list().push(item);
        return 1;
      }
      case 0x65: {
        // APPENDS
        const items = this.popMark();
        this.list().push(...items);
        return 1;
      }
      case 0x73: {
        // SETITEM
        const value = this.pop();
        const key = this.pop();
        this.setItems([key, value]);
        return 1;
      }
      case 0x75: // SETITEMS
        this.setItems(this.popMark());
        return 1;
      case 0x71: // BINPUT
      case 0x72: {
        // LONG_BINPUT
        const size = op === 0x71 ? 1 : 4;
        if (left < size) return 0;
        this.memo.set(uint(size), this.top());
        return 1 + size;
      }
      case 0x94: // MEMOIZE
        this.memo.set(this.memo.size, this.top());
        return 1;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const size = op === 0x68 ? 1 : 4;
        if (left < size) return 0;
        const value = this.memo.get(uint(size));
        if (value === undefined) fail('is not a well-formed pickle (it reads a value it never stored)');
        this.stack.push(value);
        return 1 + size;
      }
      case 0x63: {
        // GLOBAL: "module\nname\n"
        const module = data.indexOf(0x0a, at + 1);
        const name = module === -1 ? -1 : data.indexOf(0x0a, module + 1);
        if (name === -1) {
          if (left > 2 * LINE_LIMIT) fail('names a Python callable too long for any a CIFAR pickle needs');
          return 0;
        }
        const text = (from: number, to: number) => new TextDecoder().decode(data.subarray(from, to));
        this.global(text(at + 1, module), text(module + 1, name));
        return name + 1 - at;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof name !== 'string')
          fail('is not a well-formed pickle (STACK_GLOBAL takes two texts)');
        this.global(module, name);
        return 1;
      }
      case 0x52: {
        // REDUCE
        const args = this.pop();
        const callable = this.pop();
        this.add(reduce(callable, args));
        return 1;
      }
      case 0x62: {
        // BUILD
        const state = this.pop();
        build(this.top(), state);
        return 1;
      }
      default: {
        const name = REFUSED_NAMES[op];
        fail(
          name
            ? `uses the pickle opcode ${name}, which builds Python objects; the lab reads only the plain data a CIFAR pickle holds`
            : `holds the byte 0x${op.toString(16).padStart(2, '0')} where a pickle opcode the lab reads should be (at byte ${grouped(this.read + at)}); it may not be a CIFAR pickle`,
        );
      }
    }
  }

  private list(): PickleValue[] {
    const list = this.top();
    if (!Array.isArray(list)) fail('is not a well-formed pickle (it appends to something that is not a list)');
    return list;
  }

  private setItems(items: PickleValue[]): void {
    const dict = this.top();
    if (!(dict instanceof PyDict)) fail('is not a well-formed pickle (it sets items of something that is not a dict)');
    for (let i = 0; i + 1 < items.length; i += 2) dict.entries.set(keyOf(items[i]), items[i + 1]);
  }

  /** Refuses every callable but numpy's array reconstruction; nothing is imported or called either way. */
  private global(module: string, name: string): void {
    const full = `${module}.${name}`;
    if (!ALLOWED_CALLABLES.has(full))
      fail(
        `names the Python callable ${JSON.stringify(full.slice(0, 100))}, which the lab never runs: a CIFAR pickle names only numpy's array reconstruction (it may not be a CIFAR file, or may be hostile)`,
      );
    this.add(new PyGlobal(full));
  }
}
