/**
 * Append-only strings packed into bytes and front-coded in blocks of 16 (each entry keeps only what differs from
 * the last non-empty entry before it in its block), so a million short ids take a few bytes each instead of a
 * string object each. Plain data (typed arrays), so a state holding it can be copied with structuredClone.
 */
export interface TextTable {
  /** How many texts; text `i` has index `i`. */
  count: number;
  /** Entries: varint shared-prefix length, varint suffix length, suffix bytes. */
  bytes: Uint8Array;
  used: number;
  /** The byte offset of every 16th entry, which shares nothing with the one before. */
  blocks: Int32Array;
  /** The bytes of the entry the next one is coded against. */
  last: Uint8Array;
  lastLength: number;
}

const BLOCK = 16;

/** An empty table. */
export const newTextTable = (): TextTable => ({
  count: 0,
  bytes: new Uint8Array(1024),
  used: 0,
  blocks: new Int32Array(64),
  last: new Uint8Array(64),
  lastLength: 0,
});

const bigger = (bytes: Uint8Array, needed: number): Uint8Array<ArrayBuffer> => {
  const grown = new Uint8Array(Math.max(needed, Math.ceil(bytes.length * 1.25)));
  grown.set(bytes);
  return grown;
};

/**
 * Appends a text and returns its index. Its bytes: a code unit below 128 is one byte, any other three (lossless
 * for any string, lone surrogates too). An empty text leaves the reference of the next entry as it was.
 */
export const appendText = (table: TextTable, text: string): number => {
  const index = table.count;
  const length = text.length;
  if (table.used + length * 3 + 10 > table.bytes.length) table.bytes = bigger(table.bytes, table.used + length * 3 + 10);
  if (length * 3 > table.last.length) table.last = bigger(table.last, length * 3);
  const { bytes, last } = table;
  const starts = index % BLOCK === 0;
  if (starts) {
    if (index / BLOCK === table.blocks.length) {
      const blocks = new Int32Array(table.blocks.length * 2);
      blocks.set(table.blocks);
      table.blocks = blocks;
    }
    table.blocks[index / BLOCK] = table.used;
  }
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
  let used = table.used;
  // two varints: the shared length and the suffix length
  let value = shared;
  while (value >= 128) {
    bytes[used++] = (value & 127) | 128;
    value >>>= 7;
  }
  bytes[used++] = value;
  value = end - shared;
  while (value >= 128) {
    bytes[used++] = (value & 127) | 128;
    value >>>= 7;
  }
  bytes[used++] = value;
  for (let at = shared; at < end; at++) bytes[used++] = last[at] as number;
  table.used = used;
  table.count = index + 1;
  return index;
};

/** Appends an empty text (the same as `appendText(table, '')`, faster) and returns its index. */
export const appendEmpty = (table: TextTable): number => {
  const index = table.count;
  if (index % BLOCK === 0 || table.used + 2 > table.bytes.length) return appendText(table, '');
  table.bytes[table.used] = 0;
  table.bytes[table.used + 1] = 0;
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
  if (table.used + length * 3 + 10 > table.bytes.length) table.bytes = bigger(table.bytes, table.used + length * 3 + 10);
  if (index % BLOCK === 0) {
    if (index / BLOCK === table.blocks.length) {
      const blocks = new Int32Array(table.blocks.length * 2);
      blocks.set(table.blocks);
      table.blocks = blocks;
    }
    table.blocks[index / BLOCK] = table.used;
  }
  const most = Math.min(length, reference.length);
  let shared = 0;
  while (shared < most) {
    const code = text.charCodeAt(shared);
    if (code >= 128 || code !== reference.charCodeAt(shared)) break;
    shared++;
  }
  let suffix = 0;
  for (let unit = shared; unit < length; unit++) suffix += text.charCodeAt(unit) < 128 ? 1 : 3;
  const { bytes } = table;
  let used = table.used;
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

// the byte offset of entry `index`: from the start of its block, skip the entries before it
const entryOffset = (table: TextTable, index: number): number => {
  const { bytes } = table;
  let at = table.blocks[Math.floor(index / BLOCK)] as number;
  for (let entry = index - (index % BLOCK); entry < index; entry++) {
    while ((bytes[at++] as number) >= 128);
    let suffix = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++] as number;
      suffix |= (byte & 127) << shift;
      shift += 7;
    } while (byte >= 128);
    at += suffix;
  }
  return at;
};

const CHUNK = 4096;

// the string coded in bytes[from, to)
const stringOf = (bytes: Uint8Array, from: number, to: number): string => {
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
  for (let start = 0; start < count; start += CHUNK)
    text += String.fromCharCode.apply(null, units.subarray(start, Math.min(count, start + CHUNK)) as unknown as number[]);
  return text;
};

/** The text at `index` of a table written with `appendTextAfter`, given the reference it was written against. */
export const textAfter = (table: TextTable, index: number, reference: string): string => {
  if (!(index >= 0 && index < table.count)) throw new RangeError(`no text at ${index}`);
  const { bytes } = table;
  let at = entryOffset(table, index);
  let shared = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++] as number;
    shared |= (byte & 127) << shift;
    shift += 7;
  } while (byte >= 128);
  let suffix = 0;
  shift = 0;
  do {
    byte = bytes[at++] as number;
    suffix |= (byte & 127) << shift;
    shift += 7;
  } while (byte >= 128);
  return reference.slice(0, shared) + stringOf(bytes, at, at + suffix);
};

let decoded: Uint8Array<ArrayBuffer> = new Uint8Array(256);

// decodes entry `index` into `decoded`, returning its length
const decodeEntry = (table: TextTable, index: number): number => {
  const { bytes } = table;
  let at = table.blocks[Math.floor(index / BLOCK)] as number;
  let length = 0;
  let target = decoded;
  for (let entry = index - (index % BLOCK); entry <= index; entry++) {
    let shared = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++] as number;
      shared |= (byte & 127) << shift;
      shift += 7;
    } while (byte >= 128);
    let suffix = 0;
    shift = 0;
    do {
      byte = bytes[at++] as number;
      suffix |= (byte & 127) << shift;
      shift += 7;
    } while (byte >= 128);
    length = shared + suffix;
    if (length > target.length) decoded = target = bigger(target, length * 2);
    for (let to = shared; to < length; to++) target[to] = bytes[at++] as number;
  }
  return length;
};

/** The text at `index` of a table written with `appendText`. */
export const textAt = (table: TextTable, index: number): string => {
  if (!(index >= 0 && index < table.count)) throw new RangeError(`no text at ${index}`);
  return stringOf(decoded, 0, decodeEntry(table, index));
};
