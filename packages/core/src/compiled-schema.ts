import { z } from 'zod';

/** What a compiled check returns for a value it does not accept; the caller then asks zod why. */
export const REJECTED: unique symbol = Symbol('rejected');

/**
 * A compiled check: the value as zod would output it (a copy, keys in the schema's order) when the check
 * accepts it, otherwise REJECTED.
 */
export type CompiledCheck = (value: unknown) => unknown;

// The zod internals the compiler reads (zod 4): `_zod.def`, `_zod.traits`, `_zod.values`, `_zod.optin`.
interface Internals {
  def: Record<string, any> & { type: string; checks?: Array<{ _zod: Internals }> };
  traits: Set<string>;
  values?: Set<unknown>;
  optin?: string;
}
const internals = (schema: unknown): Internals => (schema as { _zod: Internals })._zod;

/** Keys a plain JSON object must not have: they reach prototypes when copied. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const quoted = (text: string): string => JSON.stringify(text);

// zod's ISO day and instant (with offset) patterns, which a hand-written check passes through much faster
const ZOD_DAY = String.raw`(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))`;
const ZOD_DAY_PATTERN = `^${ZOD_DAY}$`;
const ZOD_INSTANT_PATTERN = String.raw`^${ZOD_DAY}T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$`;

// the number of two digits at `at`, or -1
const twoDigits = (text: string, at: number): number => {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
};

// a YYYY-MM-DD at `at` that zod's day pattern accepts: a real day of the Gregorian calendar, years 0000 to 9999
const isDayAt = (text: string, at: number): boolean => {
  const century = twoDigits(text, at);
  const year = twoDigits(text, at + 2);
  if (century < 0 || year < 0 || text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return false;
  const month = twoDigits(text, at + 5);
  const day = twoDigits(text, at + 8);
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2) return day <= ((year === 0 ? century % 4 === 0 : year % 4 === 0) ? 29 : 28);
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
};

/** True for a day zod's `z.iso.date()` pattern accepts (checked by hand). */
export const isIsoDay = (text: string): boolean => text.length === 10 && isDayAt(text, 0);

/** True for an instant zod's `z.iso.datetime({ offset: true })` pattern accepts (checked by hand). */
export const isIsoInstant = (text: string): boolean => {
  if (text.length < 20 || !isDayAt(text, 0) || text.charCodeAt(10) !== 84) return false;
  const hours = twoDigits(text, 11);
  const minutes = twoDigits(text, 14);
  const seconds = twoDigits(text, 17);
  if (hours < 0 || hours > 23 || text.charCodeAt(13) !== 58 || minutes < 0 || minutes > 59 || text.charCodeAt(16) !== 58 || seconds < 0 || seconds > 59) return false;
  let at = 19;
  if (text.charCodeAt(at) === 46) {
    at++;
    const digits = at;
    while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
    if (at === digits) return false;
  }
  const zone = text.charCodeAt(at);
  if (zone === 90) return at + 1 === text.length;
  if (zone !== 43 && zone !== 45) return false;
  const zoneHours = twoDigits(text, at + 1);
  const zoneMinutes = twoDigits(text, at + 4);
  return at + 6 === text.length && zoneHours >= 0 && zoneHours <= 23 && text.charCodeAt(at + 3) === 58 && zoneMinutes >= 0 && zoneMinutes <= 59;
};

// characters that mean something in a pattern outside a class
const REGEX_SYNTAX = new Set([...'\\^$.|?*+()[]{}']);

// one character class (or plain character) of a pattern, with how often it repeats
interface ClassItem {
  allowed: Uint8Array;
  min: number;
  max: number;
}

// printable ASCII that stands for itself inside a class
const isClassCharacter = (character: string | undefined): boolean =>
  character !== undefined && character >= ' ' && character <= '~' && character !== '\\' && character !== '[' && character !== ']';

// the inside of `[...]` from `at`: printable ASCII characters and ranges, no escapes, no negation; the index after
// its `]`, or undefined
const parseClass = (source: string, at: number, allowed: Uint8Array): number | undefined => {
  if (source[at] === '^' || source[at] === ']') return undefined;
  while (at < source.length && source[at] !== ']') {
    if (!isClassCharacter(source[at])) return undefined;
    const code = source.charCodeAt(at);
    // a range `a-z`; a `-` first or last in the class is the character itself
    if (source[at + 1] === '-' && at + 2 < source.length && source[at + 2] !== ']') {
      const last = source.charCodeAt(at + 2);
      if (!isClassCharacter(source[at + 2]) || last < code) return undefined;
      for (let member = code; member <= last; member++) allowed[member] = 1;
      at += 3;
    } else {
      allowed[code] = 1;
      at++;
    }
  }
  return at < source.length ? at + 1 : undefined;
};

/**
 * A matcher for a pattern made only of character classes (or plain characters) with counts, anchored at both
 * ends, where only the last may vary in length (`^[A-Za-z0-9][A-Za-z0-9._:-]*$`, `^[0-9a-f]{64}$`): the same
 * answers as the regex, by table lookups. Undefined for any other pattern.
 */
export const classSequenceMatcher = (pattern: RegExp): ((text: string) => boolean) | undefined => {
  const source = pattern.source;
  if (pattern.flags !== '' || source[0] !== '^' || source[source.length - 1] !== '$' || source[source.length - 2] === '\\') return undefined;
  const items: ClassItem[] = [];
  let at = 1;
  const end = source.length - 1;
  while (at < end) {
    const allowed = new Uint8Array(128);
    if (source[at] === '[') {
      const after = parseClass(source, at + 1, allowed);
      if (after === undefined) return undefined;
      at = after;
    } else {
      const code = source.charCodeAt(at);
      if (code < 32 || code > 126 || REGEX_SYNTAX.has(source[at] as string)) return undefined;
      allowed[code] = 1;
      at++;
    }
    let min = 1;
    let max = 1;
    const quantifier = source[at];
    if (quantifier === '*' || quantifier === '+' || quantifier === '?') {
      min = quantifier === '+' ? 1 : 0;
      max = quantifier === '?' ? 1 : Infinity;
      at++;
    } else if (quantifier === '{') {
      const close = source.indexOf('}', at);
      const counts = /^(\d+)(,(\d*))?$/.exec(source.slice(at + 1, close));
      if (close === -1 || counts === null) return undefined;
      min = Number(counts[1]);
      max = counts[2] === undefined ? min : counts[3] === '' ? Infinity : Number(counts[3]);
      if (max < min) return undefined;
      at = close + 1;
    }
    // a lazy or possessive marker, or any other syntax after a count, is not for this matcher
    if (at < end && (source[at] === '?' || source[at] === '+' || source[at] === '*' || source[at] === '{')) return undefined;
    items.push({ allowed, min, max });
  }
  if (items.length === 0 || items.slice(0, -1).some((item) => item.min !== item.max)) return undefined;
  const fixed = items.slice(0, -1);
  const tail = items[items.length - 1] as ClassItem;
  const fixedLength = fixed.reduce((sum, item) => sum + item.min, 0);
  return (text) => {
    let position = 0;
    for (const item of fixed)
      for (let count = 0; count < item.min; count++) {
        const code = text.charCodeAt(position++);
        if (!(code < 128 && item.allowed[code] === 1)) return false;
      }
    const rest = text.length - fixedLength;
    if (rest < tail.min || rest > tail.max) return false;
    for (; position < text.length; position++) {
      const code = text.charCodeAt(position);
      if (!(code < 128 && tail.allowed[code] === 1)) return false;
    }
    return true;
  };
};

/** A hand-written check that accepts only what `pattern` accepts, when one is known. */
export const fastMatcher = (pattern: RegExp): ((text: string) => boolean) | undefined => {
  if (pattern.flags === '' && pattern.source === ZOD_INSTANT_PATTERN) return isIsoInstant;
  if (pattern.flags === '' && pattern.source === ZOD_DAY_PATTERN) return isIsoDay;
  return classSequenceMatcher(pattern);
};

/** Emits JavaScript for a zod schema, one function per object, array or union, leaves inlined. */
class Generator {
  private readonly constants: unknown[] = [];
  private readonly declarations: string[] = [];
  private readonly functions = new Map<unknown, string>();
  private counter = 0;

  constructor(
    private readonly delegate: (schema: z.ZodType) => CompiledCheck,
    private readonly reuse: boolean,
  ) {}

  /** The source of a scope that returns the root check; its parameter `c` holds the constants. */
  program(root: z.ZodType): { source: string; constants: unknown[] } {
    const name = this.functionOf(root);
    const constants = this.constants.map((_, index) => `const c${index} = c[${index}];`).join('\n');
    return { source: `"use strict";\n${constants}\n${this.declarations.join('\n')}\nreturn ${name};`, constants: this.constants };
  }

  private constant(value: unknown): string {
    this.constants.push(value);
    return `c${this.constants.length - 1}`;
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /** The name of a function checking `schema` (made once per schema object). */
  functionOf(schema: z.ZodType): string {
    const known = this.functions.get(schema);
    if (known !== undefined) return known;
    const name = this.fresh('f');
    this.functions.set(schema, name);
    const zod = internals(schema);
    const body =
      zod.def.type === 'object' ? this.objectBody(schema) : zod.def.type === 'array' ? this.arrayBody(schema) : zod.def.type === 'union' ? this.unionBody(schema) : undefined;
    if (body !== undefined) {
      this.declarations.push(`function ${name}(v) {\n${body}\n}`);
      return name;
    }
    const leaf = this.leaf(schema, 'v');
    if (leaf !== undefined) this.declarations.push(`function ${name}(v) {\n${leaf}\nreturn v;\n}`);
    // anything else is checked by zod itself, after the same hostile-data walk the fast path stands in for
    else this.declarations.push(`function ${name}(v) { return ${this.constant(this.delegate(schema))}(v); }`);
    return name;
  }

  /** Statements that `return R` unless `variable` passes `schema`, a leaf whose output is its input; undefined when not a supported leaf. */
  private leaf(schema: z.ZodType, variable: string): string | undefined {
    const zod = internals(schema);
    const { def, traits } = zod;
    if (def.coerce) return undefined;
    const checks = def.checks ?? [];
    if (def.type === 'string') return this.stringLeaf(zod, checks, variable);
    if (def.type === 'number') return this.numberLeaf(zod, checks, variable);
    if (checks.length > 0) return undefined;
    if ((def.type === 'literal' || def.type === 'enum') && zod.values instanceof Set) {
      const values = [...zod.values];
      // a few strings: compared one by one (JSON.parse interns short strings, so each is a pointer comparison)
      if (values.length <= 8 && values.every((value) => typeof value === 'string'))
        return `if (${values.map((value) => `${variable} !== ${quoted(value as string)}`).join(' && ')}) return R;`;
      return `if (!${this.constant(zod.values)}.has(${variable})) return R;`;
    }
    if (def.type === 'optional' && traits.has('$ZodOptional') && !traits.has('$ZodExactOptional') && internals(def.innerType).optin !== 'defaulted') {
      const inner = this.leaf(def.innerType, variable);
      return inner === undefined ? undefined : `if (${variable} !== undefined) {\n${inner}\n}`;
    }
    return undefined;
  }

  private stringLeaf(zod: Internals, checks: Array<{ _zod: Internals }>, variable: string): string | undefined {
    const { def, traits } = zod;
    const lines = [`if (typeof ${variable} !== 'string') return R;`];
    const patterns: RegExp[] = [];
    if (traits.has('$ZodStringFormat')) {
      // only formats whose whole check is their pattern
      if (!(traits.has('$ZodISODate') || traits.has('$ZodISODateTime')) || !(def.pattern instanceof RegExp)) return undefined;
      patterns.push(def.pattern);
    } else if (traits.has('$ZodCheck')) return undefined;
    for (const check of checks) {
      const { def: checkDef, traits: checkTraits } = check._zod;
      if (checkTraits.has('$ZodCheckMaxLength') && typeof checkDef.maximum === 'number') {
        // zod counts code points, never more than UTF-16 units: within the units, within the limit
        lines.push(`if (${variable}.length > ${checkDef.maximum}) return R;`);
      } else if (checkTraits.has('$ZodCheckMinLength') && typeof checkDef.minimum === 'number') {
        // at least twice the minimum in units is at least the minimum in code points; below that, zod decides
        const minimum = checkDef.minimum <= 1 ? checkDef.minimum : checkDef.minimum * 2;
        lines.push(`if (${variable}.length < ${minimum}) return R;`);
      } else if (checkTraits.has('$ZodCheckRegex') && checkDef.pattern instanceof RegExp) patterns.push(checkDef.pattern);
      else return undefined;
    }
    for (const pattern of patterns) {
      const regex = this.constant(pattern);
      const matcher = fastMatcher(pattern);
      // the hand-written check when there is one; should it ever refuse what the pattern takes, the pattern decides
      const test = matcher === undefined ? `!${regex}.test(${variable})` : `!${this.constant(matcher)}(${variable}) && !${regex}.test(${variable})`;
      // the last accepted text of each pattern is remembered: ids, days and instants repeat from event to event
      const last = this.fresh('l');
      this.declarations.push(`let ${last};`);
      lines.push(`if (${variable} !== ${last}) {\n${regex}.lastIndex = 0;\nif (${test}) return R;\n${last} = ${variable};\n}`);
    }
    return lines.join('\n');
  }

  private numberLeaf(zod: Internals, checks: Array<{ _zod: Internals }>, variable: string): string | undefined {
    if (zod.traits.has('$ZodCheck')) return undefined;
    const lines = [`if (typeof ${variable} !== 'number' || !Number.isFinite(${variable})) return R;`];
    for (const check of checks) {
      const { def, traits } = check._zod;
      if (traits.has('$ZodCheckNumberFormat') && def.format === 'safeint') lines.push(`if (!Number.isSafeInteger(${variable})) return R;`);
      else if (traits.has('$ZodCheckGreaterThan') && typeof def.value === 'number' && Number.isFinite(def.value))
        lines.push(`if (!(${variable} ${def.inclusive ? '>=' : '>'} ${def.value})) return R;`);
      else if (traits.has('$ZodCheckLessThan') && typeof def.value === 'number' && Number.isFinite(def.value))
        lines.push(`if (!(${variable} ${def.inclusive ? '<=' : '<'} ${def.value})) return R;`);
      else return undefined;
    }
    return lines.join('\n');
  }

  private objectBody(schema: z.ZodType): string | undefined {
    const { def, traits } = internals(schema);
    if (!traits.has('$ZodObject') || (def.checks?.length ?? 0) > 0) return undefined;
    // strict and stripping objects alike: the fast path refuses unknown keys and leaves stripping to zod
    if (def.catchall !== undefined && internals(def.catchall).def.type !== 'never') return undefined;
    const shape = def.shape as Record<string, z.ZodType>;
    const keys = Object.keys(shape);
    if (keys.some((key) => FORBIDDEN_KEYS.has(key))) return undefined;
    const lines = [
      `if (typeof v !== 'object' || v === null) return R;`,
      // plain data only: a Date, Map or class instance (or an array) is for zod and the hostile-data walk to judge
      `const p = Object.getPrototypeOf(v);`,
      `if (p !== OP && p !== null) return R;`,
    ];
    // reusing the input needs its keys in the shape's order, as zod would write them
    const track = (index: number): string => (this.reuse ? `if (${index} < last) same = false;\nlast = ${index};\n` : '');
    if (this.reuse) lines.push('let same = p === OP;', 'let last = -1;');
    lines.push(
      keys.length === 0
        ? `for (const k in v) return R;`
        : `for (const k in v) switch (k) {\n${keys.map((key, index) => `case ${quoted(key)}:\n${track(index)}break;`).join('\n')}\ndefault: return R;\n}`,
    );
    const fields: Array<{ key: string; variable: string; optional: boolean }> = [];
    for (const key of keys) {
      const field = shape[key] as z.ZodType;
      const zod = internals(field);
      const variable = this.fresh('x');
      const optional = zod.optin !== undefined;
      if (optional && !(zod.def.type === 'optional' && zod.optin === 'optional' && !zod.traits.has('$ZodExactOptional'))) return undefined;
      fields.push({ key, variable, optional });
      lines.push(`let ${variable} = v[${quoted(key)}];`);
      const leaf = this.leaf(field, variable);
      if (leaf !== undefined) lines.push(leaf);
      else {
        const inner = optional ? zod.def.innerType : field;
        const reused = this.reuse ? `\nif (${variable} !== v[${quoted(key)}]) same = false;` : '';
        const check = `${variable} = ${this.functionOf(inner)}(${variable});\nif (${variable} === R) return R;${reused}`;
        lines.push(optional ? `if (${variable} !== undefined) {\n${check}\n}` : check);
      }
    }
    if (this.reuse) lines.push('if (same) return v;');
    // zod's output: the keys of the shape in order, an optional one only when the input has it
    if (fields.every((field) => !field.optional)) lines.push(`return { ${fields.map((field) => `${quoted(field.key)}: ${field.variable}`).join(', ')} };`);
    else {
      lines.push('const o = {};');
      for (const field of fields)
        lines.push(field.optional ? `if (${quoted(field.key)} in v) o[${quoted(field.key)}] = ${field.variable};` : `o[${quoted(field.key)}] = ${field.variable};`);
      lines.push('return o;');
    }
    return lines.join('\n');
  }

  private arrayBody(schema: z.ZodType): string | undefined {
    const { def, traits } = internals(schema);
    if (!traits.has('$ZodArray')) return undefined;
    const lines = [`if (!Array.isArray(v)) return R;`, `const n = v.length;`];
    for (const check of def.checks ?? []) {
      const { def: checkDef, traits: checkTraits } = check._zod;
      if (checkTraits.has('$ZodCheckMaxLength') && typeof checkDef.maximum === 'number') lines.push(`if (n > ${checkDef.maximum}) return R;`);
      else if (checkTraits.has('$ZodCheckMinLength') && typeof checkDef.minimum === 'number') lines.push(`if (n < ${checkDef.minimum}) return R;`);
      else return undefined;
    }
    // holes, or extra own keys (maybe hostile ones), are for zod and the hostile-data walk to judge
    lines.push(`if (Object.keys(v).length !== n) return R;`, `const o = new Array(n);`);
    if (this.reuse) lines.push('let same = Object.getPrototypeOf(v) === Array.prototype;');
    lines.push(`for (let i = 0; i < n; i++) {`, `let e = v[i];`);
    const leaf = this.leaf(def.element, 'e');
    lines.push(leaf ?? `e = ${this.functionOf(def.element)}(e);\nif (e === R) return R;${this.reuse ? '\nif (e !== v[i]) same = false;' : ''}`, `o[i] = e;`, `}`);
    lines.push(this.reuse ? 'return same ? v : o;' : 'return o;');
    return lines.join('\n');
  }

  private unionBody(schema: z.ZodType): string | undefined {
    const { def, traits } = internals(schema);
    if (!traits.has('$ZodDiscriminatedUnion') || def.unionFallback || (def.checks?.length ?? 0) > 0 || typeof def.discriminator !== 'string') return undefined;
    const entries: string[] = [];
    for (const option of def.options as z.ZodType[]) {
      const optionDef = internals(option).def;
      const tag = optionDef.type === 'object' ? (optionDef.shape as Record<string, z.ZodType>)[def.discriminator] : undefined;
      const tagZod = tag === undefined ? undefined : internals(tag);
      if (tagZod?.def.type !== 'literal' || !(tagZod.values instanceof Set)) return undefined;
      for (const value of tagZod.values) {
        if (typeof value !== 'string') return undefined;
        entries.push(`[${quoted(value)}, ${this.functionOf(option)}]`);
      }
    }
    const map = this.fresh('m');
    this.declarations.push(`const ${map} = new Map([${entries.join(', ')}]);`);
    return [
      `if (typeof v !== 'object' || v === null || Array.isArray(v)) return R;`,
      `const f = ${map}.get(v[${quoted(def.discriminator)}]);`,
      `return f === undefined ? R : f(v);`,
    ].join('\n');
  }
}

const rejectAll: CompiledCheck = () => REJECTED;

/**
 * Compiles a zod schema into a fast check that accepts exactly what zod accepts, or less. `delegate` gives the
 * check of a part the compiler does not know (zod's own parse, after a hostile-data walk). With `reuse`, an input
 * that already is what zod would output (plain objects, keys in the schema's order) comes back itself rather
 * than copied: only for inputs the caller owns, such as fresh JSON.parse results. Where code cannot be
 * generated (`new Function` forbidden, or zod configured `jitless`), the check rejects everything, so callers
 * fall back to zod: slower, never different.
 */
export const compileSchema = (
  schema: z.ZodType,
  delegate: (schema: z.ZodType) => CompiledCheck,
  options: { reuse?: boolean } = {},
): CompiledCheck => {
  if ((z.config() as { jitless?: boolean }).jitless === true) return rejectAll;
  try {
    const { source, constants } = new Generator(delegate, options.reuse === true).program(schema);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('c', 'R', 'OP', source)(constants, REJECTED, Object.prototype) as CompiledCheck;
  } catch {
    return rejectAll;
  }
};
