/**
 * Append-only strings packed into bytes and front-coded in blocks of 16: each entry keeps only what differs from a
 * reference (the last non-empty entry before it in its block, or a text its reader knows), so a million short ids
 * take a few bytes each instead of a string object each. The bytes sit in chunks that are added, never copied once
 * full. Plain data (typed arrays), so a state holding it can be copied with structuredClone.
 */
export interface TextTable {
  /** How many texts; text `i` has index `i`. */
  count: number;
  /** Entries (varint shared-prefix length, varint suffix length, suffix bytes); a block never spans two chunks. */
  chunks: Uint8Array[];
  /** Bytes used in the last chunk. */
  used: number;
  /** For every block of 16 entries: the chunk it is in and its byte offset there. */
  blockChunks: Int32Array;
  blockOffsets: Int32Array;
  /** The bytes of the entry the next one is coded against (`appendText`). */
  last: Uint8Array;
  lastLength: number;
}

const BLOCK = 16;
const CHUNK = 1 << 16;
const FIRST_CHUNK = 1024;

/** An empty table. */
export const newTextTable = (): TextTable => ({
  count: 0,
  chunks: [new Uint8Array(FIRST_CHUNK)],
  used: 0,
  blockChunks: new Int32Array(64),
  blockOffsets: new Int32Array(64),
  last: new Uint8Array(64),
  lastLength: 0,
});

const bigger = (bytes: Uint8Array, needed: number): Uint8Array<ArrayBuffer> => {
  const grown = new Uint8Array(Math.max(needed, bytes.length * 2));
  grown.set(bytes);
  return grown;
};

const biggerInts = (ints: Int32Array): Int32Array => {
  const grown = new Int32Array(ints.length * 2);
  grown.set(ints);
  return grown;
};

// room for `needed` more bytes in the last chunk, for the entry `table.count`; returns that chunk
const room = (table: TextTable, needed: number): Uint8Array => {
  const { chunks } = table;
  let chunk = chunks[chunks.length - 1] as Uint8Array;
  if (table.used + needed <= chunk.length) return chunk;
  const block = Math.floor(table.count / BLOCK);
  // the entries of the block already written move along, so the block stays in one chunk
  const from = table.count % BLOCK === 0 ? table.used : (table.blockOffsets[block] as number);
  const moved = table.used - from;
  if (chunks.length === 1 && chunk.length < CHUNK) {
    chunk = bigger(chunk, Math.min(CHUNK, table.used + needed));
    chunks[0] = chunk;
    if (table.used + needed <= chunk.length) return chunk;
  }
  const next = new Uint8Array(Math.max(CHUNK, moved + needed));
  next.set(chunk.subarray(from, table.used));
  chunks.push(next);
  if (table.count % BLOCK !== 0) {
    table.blockChunks[block] = chunks.length - 1;
    table.blockOffsets[block] = 0;
  }
  table.used = moved;
  return next;
};

// records where entry `table.count` starts a block, when it does
const startBlock = (table: TextTable): boolean => {
  const index = table.count;
  if (index % BLOCK !== 0) return false;
  const block = index / BLOCK;
  if (block === table.blockOffsets.length) {
    table.blockChunks = biggerInts(table.blockChunks);
    table.blockOffsets = biggerInts(table.blockOffsets);
  }
  table.blockChunks[block] = table.chunks.length - 1;
  table.blockOffsets[block] = table.used;
  return true;
};

// writes the two varints of an entry at `used`, returning the offset after them
const writeLengths = (bytes: Uint8Array, used: number, shared: number, suffix: number): number => {
  let value = shared;
  while (value >= 128) {
    bytes[used++] = (value & 127) | 128;
    value >>>= 7;
  }
  bytes[used++] = value;
  value = suffix;
  while (value >= 128) {
    bytes[used++] = (value & 127) | 128;
    value >>>= 7;
  }
  bytes[used++] = value;
  return used;
};

/**
 * Appends a text and returns its index. Its bytes: a code unit below 128 is one byte, any other three (lossless
 * for any string, lone surrogates too). An empty text leaves the reference of the next entry as it was.
 */
export const appendText = (table: TextTable, text: string): number => {
  const index = table.count;
  const length = text.length;
  const bytes = room(table, length * 3 + 10);
  if (length * 3 > table.last.length) table.last = bigger(table.last, length * 3);
  const { last } = table;
  const starts = startBlock(table);
  // the code units equal to the reference's bytes (one byte each) are shared; the rest is coded into `last`
  let shared = 0;
  let unit = 0;
  if (!starts) {
    const most = Math.min(length, table.lastLength);
    while (unit < most) {
      const code = text.charCodeAt(unit);
      if (code >= 128 || code !== last[unit]) break;
      unit++;
    }
    shared = unit;
  }
  let end = shared;
  for (; unit < length; unit++) {
    const code = text.charCodeAt(unit);
    if (code < 128) last[end++] = code;
    else {
      last[end++] = 128 | (code >> 14);
      last[end++] = (code >> 7) & 127;
      last[end++] = code & 127;
    }
  }
  if (starts || end > 0) table.lastLength = end;
  let used = writeLengths(bytes, table.used, shared, end - shared);
  for (let at = shared; at < end; at++) bytes[used++] = last[at] as number;
  table.used = used;
  table.count = index + 1;
  return index;
};

/** Appends an empty text (the same as `appendText(table, '')`, faster) and returns its index. */
export const appendEmpty = (table: TextTable): number => {
  const index = table.count;
  const bytes = table.chunks[table.chunks.length - 1] as Uint8Array;
  if (index % BLOCK === 0 || table.used + 2 > bytes.length) return appendText(table, '');
  bytes[table.used] = 0;
  bytes[table.used + 1] = 0;
  table.used += 2;
  table.count = index + 1;
  return index;
};

/**
 * Appends a text coded against `reference` instead of the entry before it (a text its reader will know, such as
 * the previous text of the same owner) and returns its index; read it back with `textAfter` and that reference.
 */
export const appendTextAfter = (table: TextTable, text: string, reference: string): number => {
  const index = table.count;
  const length = text.length;
  const bytes = room(table, length * 3 + 10);
  startBlock(table);
  const most = Math.min(length, reference.length);
  let shared = 0;
  while (shared < most) {
    const code = text.charCodeAt(shared);
    if (code >= 128 || code !== reference.charCodeAt(shared)) break;
    shared++;
  }
  let suffix = 0;
  for (let unit = shared; unit < length; unit++) suffix += text.charCodeAt(unit) < 128 ? 1 : 3;
  let used = writeLengths(bytes, table.used, shared, suffix);
  for (let unit = shared; unit < length; unit++) {
    const code = text.charCodeAt(unit);
    if (code < 128) bytes[used++] = code;
    else {
      bytes[used++] = 128 | (code >> 14);
      bytes[used++] = (code >> 7) & 127;
      bytes[used++] = code & 127;
    }
  }
  table.used = used;
  table.count = index + 1;
  return index;
};

// reading an entry: `cursor` is where its bytes are, `shared` and `suffix` its lengths, after `readEntry`
let cursor = 0;
let sharedLength = 0;
let suffixLength = 0;

// reads the lengths of the entry at `cursor` in `bytes`, leaving `cursor` on its suffix bytes
const readLengths = (bytes: Uint8Array): void => {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[cursor++] as number;
    value |= (byte & 127) << shift;
    shift += 7;
  } while (byte >= 128);
  sharedLength = value;
  value = 0;
  shift = 0;
  do {
    byte = bytes[cursor++] as number;
    value |= (byte & 127) << shift;
    shift += 7;
  } while (byte >= 128);
  suffixLength = value;
};

// the chunk of entry `index`, with `cursor` at its start (past the entries before it in its block)
const seek = (table: TextTable, index: number): Uint8Array => {
  const block = Math.floor(index / BLOCK);
  const bytes = table.chunks[table.blockChunks[block] as number] as Uint8Array;
  cursor = table.blockOffsets[block] as number;
  for (let entry = index - (index % BLOCK); entry < index; entry++) {
    readLengths(bytes);
    cursor += suffixLength;
  }
  return bytes;
};

const PIECE = 4096;

// the string coded in bytes[from, to)
const stringOf = (bytes: Uint8Array, from: number, to: number): string => {
  let ascii = to - from <= PIECE;
  for (let at = from; ascii && at < to; at++) ascii = (bytes[at] as number) < 128;
  // one byte per code unit: the bytes are the code units
  if (ascii) return String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]);
  const units = new Uint16Array(to - from);
  let count = 0;
  for (let at = from; at < to; ) {
    const byte = bytes[at] as number;
    if (byte < 128) {
      units[count++] = byte;
      at++;
    } else {
      units[count++] = ((byte & 3) << 14) | ((bytes[at + 1] as number) << 7) | (bytes[at + 2] as number);
      at += 3;
    }
  }
  let text = '';
  for (let start = 0; start < count; start += PIECE)
    text += String.fromCharCode.apply(null, units.subarray(start, Math.min(count, start + PIECE)) as unknown as number[]);
  return text;
};

const checkIndex = (table: TextTable, index: number): void => {
  if (!(Number.isInteger(index) && index >= 0 && index < table.count)) throw new RangeError(`no text at ${index}`);
};

/** The text at `index` of a table written with `appendTextAfter`, given the reference it was written against. */
export const textAfter = (table: TextTable, index: number, reference: string): string => {
  checkIndex(table, index);
  const bytes = seek(table, index);
  readLengths(bytes);
  return reference.slice(0, sharedLength) + stringOf(bytes, cursor, cursor + suffixLength);
};

let decoded: Uint8Array<ArrayBuffer> = new Uint8Array(256);

/** The text at `index` of a table written with `appendText`. */
export const textAt = (table: TextTable, index: number): string => {
  checkIndex(table, index);
  const block = Math.floor(index / BLOCK);
  const bytes = table.chunks[table.blockChunks[block] as number] as Uint8Array;
  cursor = table.blockOffsets[block] as number;
  let length = 0;
  for (let entry = index - (index % BLOCK); entry <= index; entry++) {
    readLengths(bytes);
    const end = sharedLength + suffixLength;
    if (end > decoded.length) decoded = bigger(decoded, end);
    for (let to = sharedLength; to < end; to++) decoded[to] = bytes[cursor++] as number;
    // an empty entry writes nothing, so the reference of the next one stays in `decoded`
    if (entry === index) length = end;
  }
  return stringOf(decoded, 0, length);
};
