/**
 * docs/feed-protocol.schema.json against the parser: the schema states the same fields, types,
 * ranges, enums and required lists as FEED_FIELDS (from which the zod schemas are built), and every
 * fixture and example message gets the same verdict from both. A tiny checker for the subset of
 * JSON Schema the file uses stands in for a validator dependency; it throws on any keyword it does
 * not know, so the schema cannot grow a rule this test silently ignores.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AT_PATTERN, FEED_FIELDS, FEED_MESSAGE_KINDS, parseFeedMessage, type FieldSpec } from './protocol';
import { readRecording } from './recording';

type Schema = Record<string, unknown>;

const ROOT = resolve(import.meta.dirname, '../../..');
const SCHEMA = JSON.parse(readFileSync(resolve(ROOT, 'docs/feed-protocol.schema.json'), 'utf8')) as Schema;
const DOC = readFileSync(resolve(ROOT, 'docs/feed-protocol.md'), 'utf8');

// ---------------------------------------------------------------------------------------------
// The checker.

const ANNOTATIONS = new Set(['$schema', '$id', '$defs', '$comment', 'title', 'description', 'examples', 'format']);

function resolveRef(ref: string): Schema {
  const m = /^#\/\$defs\/([A-Za-z_]+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  const target = (SCHEMA.$defs as Record<string, Schema>)[m[1]];
  if (!target) throw new Error(`dangling $ref ${ref}`);
  return target;
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'null':
      return v === null;
    default:
      throw new Error(`unsupported type ${type}`);
  }
}

/** Whether `v` is valid against `schema` (draft 2020-12 semantics for the keywords used). */
function valid(schema: Schema, v: unknown): boolean {
  for (const [key, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    switch (key) {
      case '$ref':
        if (!valid(resolveRef(arg as string), v)) return false;
        break;
      case 'type':
        if (!(Array.isArray(arg) ? arg : [arg]).some((t: string) => typeOk(t, v))) return false;
        break;
      case 'const':
        if (v !== arg) return false;
        break;
      case 'enum':
        if (!(arg as unknown[]).includes(v)) return false;
        break;
      case 'minimum':
        if (typeof v === 'number' && v < (arg as number)) return false;
        break;
      case 'maximum':
        if (typeof v === 'number' && v > (arg as number)) return false;
        break;
      case 'minLength':
        if (typeof v === 'string' && [...v].length < (arg as number)) return false;
        break;
      case 'maxLength':
        if (typeof v === 'string' && [...v].length > (arg as number)) return false;
        break;
      case 'pattern':
        if (typeof v === 'string' && !new RegExp(arg as string, 'u').test(v)) return false;
        break;
      case 'required':
        if (typeOk('object', v) && !(arg as string[]).every((k) => k in (v as object))) return false;
        break;
      case 'properties':
        if (typeOk('object', v)) {
          for (const [k, sub] of Object.entries(arg as Record<string, Schema>)) {
            if (k in (v as object) && !valid(sub, (v as Record<string, unknown>)[k])) return false;
          }
        }
        break;
      case 'oneOf':
        if ((arg as Schema[]).filter((s) => valid(s, v)).length !== 1) return false;
        break;
      default:
        throw new Error(`the checker does not know the keyword ${key}`);
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Structure: FEED_FIELDS as JSON Schema says it, compared with the file.

/** A property schema without its annotations, $refs followed. */
function bare(schema: Schema): Schema {
  const s = schema.$ref ? { ...resolveRef(schema.$ref as string), ...schema, $ref: undefined } : schema;
  return Object.fromEntries(Object.entries(s).filter(([k, v]) => v !== undefined && k !== 'description' && k !== 'title' && k !== '$comment' && k !== 'examples'));
}

/** What FEED_FIELDS says a property is, in JSON Schema. Optional fields also allow null. */
function expected(spec: FieldSpec): Schema {
  const s: Schema = {};
  const nullable = !spec.required;
  if (spec.enum) s.enum = nullable ? [...spec.enum, null] : [...spec.enum];
  else if (spec.type === 'time') Object.assign(s, { type: nullable ? ['string', 'null'] : 'string', format: 'date-time', pattern: AT_PATTERN.source });
  else s.type = nullable ? [spec.type, 'null'] : spec.type;
  if (spec.nonBlank) s.pattern = '\\S';
  if (spec.maxLength !== undefined) s.maxLength = spec.maxLength;
  if (spec.minimum !== undefined) s.minimum = spec.minimum;
  if (spec.maximum !== undefined) s.maximum = spec.maximum;
  return s;
}

describe('docs/feed-protocol.schema.json', () => {
  it('is draft 2020-12 and picks one kind by `kind`', () => {
    expect(SCHEMA.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(SCHEMA.oneOf).toEqual(FEED_MESSAGE_KINDS.map((k) => ({ $ref: `#/$defs/${k}` })));
    expect(SCHEMA.properties).toEqual({ kind: { enum: [...FEED_MESSAGE_KINDS] } });
    expect(SCHEMA.required).toEqual(['kind']);
  });

  it.each(FEED_MESSAGE_KINDS)('%s: the same fields, required list, types, ranges and enums as the parser', (kind) => {
    const def = resolveRef(`#/$defs/${kind}`);
    const fields = FEED_FIELDS[kind];
    expect(def.type).toBe('object');
    expect('additionalProperties' in def).toBe(false); // unknown fields are allowed
    expect([...(def.required as string[])].sort()).toEqual(['kind', ...Object.keys(fields).filter((f) => fields[f].required)].sort());
    const props = def.properties as Record<string, Schema>;
    expect(Object.keys(props).sort()).toEqual(['kind', ...Object.keys(fields)].sort());
    expect(props.kind).toEqual({ const: kind });
    for (const [name, spec] of Object.entries(fields)) expect(bare(props[name]), `${kind}.${name}`).toEqual(expected(spec));
  });

  it('describes every field (with its unit where it has one)', () => {
    for (const kind of FEED_MESSAGE_KINDS) {
      const props = resolveRef(`#/$defs/${kind}`).properties as Record<string, Schema>;
      for (const name of Object.keys(FEED_FIELDS[kind])) {
        const p = props[name].$ref ? resolveRef(props[name].$ref as string) : props[name];
        expect(typeof p.description, `${kind}.${name}`).toBe('string');
      }
    }
    expect(JSON.stringify(SCHEMA)).toMatch(/metres per second/);
  });
});

// ---------------------------------------------------------------------------------------------
// Verdicts: the schema and the parser agree on fixtures, examples and counter-examples.

const AT = '2024-05-01T08:30:00+08:00';
const base = {
  incident: { kind: 'incident', seq: 1, at: AT, id: 'i-1', version: 1, category: '0101', title: 't', lon: 113.6, lat: 34.75 },
  position: { kind: 'position', seq: 2, at: AT, worker_id: 's-7', lon: 113.6, lat: 34.75 },
  heartbeat: { kind: 'heartbeat', seq: 3, at: AT },
  visit: { kind: 'visit', seq: 4, at: AT, worker_id: 's-7', building_id: 'b-1' },
  report: { kind: 'report', seq: 5, at: AT, grid_code: 'ZY-01-01', by: 's-7', result: 'nothing_to_report' },
};

/** Messages from the recording fixtures (the objects, as received). */
function fixtureMessages(): unknown[] {
  const dir = resolve(ROOT, 'test/fixtures/recordings');
  const read = readRecording(readFileSync(resolve(dir, 'v1.jsonl'), 'utf8'));
  if (!read.ok) throw new Error(read.reason);
  return read.entries.flatMap((e) => (e.t === 'feed' && 'message' in e ? [e.message] : []));
}

/** ```json blocks of docs/feed-protocol.md that are feed messages (they have a kind and a seq). */
function docMessages(): unknown[] {
  const blocks = [...DOC.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
  const out: unknown[] = [];
  for (const block of blocks) {
    // A block is one JSON value or JSON lines.
    let values: unknown[];
    try {
      values = [JSON.parse(block)];
    } catch {
      values = block
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as unknown);
    }
    for (const v of values) if (typeof v === 'object' && v !== null && 'kind' in v && 'seq' in v) out.push(v);
  }
  return out;
}

/** Messages each field table entry says are wrong (every one expressible in JSON). */
function counterExamples(): unknown[] {
  const out: unknown[] = [];
  for (const kind of FEED_MESSAGE_KINDS) {
    for (const [name, spec] of Object.entries(FEED_FIELDS[kind])) {
      const bad: unknown[] = [spec.type === 'string' || spec.type === 'time' ? 5 : 'x', [], {}, true];
      if (spec.required) bad.push(null);
      if (spec.nonBlank) bad.push('', '   ');
      if (spec.maxLength !== undefined) bad.push('y'.repeat(spec.maxLength + 1));
      if (spec.enum) bad.push('nonsense');
      if (spec.type === 'integer') bad.push(1.5);
      if (spec.minimum !== undefined) bad.push(spec.minimum - 1);
      if (spec.maximum !== undefined) bad.push(spec.maximum + 1);
      if (spec.type === 'time') bad.push('2024-05-01T08:30:00', '2024-05-01 08:30:00Z');
      for (const value of bad) out.push({ ...base[kind], [name]: value });
      if (spec.required) {
        const without: Record<string, unknown> = { ...base[kind] };
        delete without[name];
        out.push(without);
      }
    }
  }
  out.push({ seq: 1, at: AT }, { ...base.heartbeat, kind: 'alarm' }, [base.heartbeat], 'text', 5, null);
  return out;
}

describe('schema and parser agree', () => {
  const fixtures = fixtureMessages();
  const examples = docMessages();

  it('finds the fixture and documentation messages', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    // Every kind has an example in the documentation, v2's visit and report included.
    const kinds = new Set(examples.map((m) => (m as { kind: unknown }).kind));
    for (const kind of FEED_MESSAGE_KINDS) expect(kinds.has(kind), kind).toBe(true);
  });

  it.each([
    ...fixtures.map((m, i) => ({ where: `fixture ${i + 1}`, m })),
    ...examples.map((m, i) => ({ where: `doc example ${i + 1}`, m })),
    ...Object.values(base).map((m, i) => ({ where: `minimal ${i + 1}`, m })),
    { where: 'extra fields', m: { ...base.position, battery: 0.8, app: { v: 2 } } },
    { where: 'optional nulls', m: { ...base.incident, crs: null, priority: null, description: null } },
  ])('$where gets the same verdict from both', ({ m }) => {
    expect(valid(SCHEMA, m), JSON.stringify(m)).toBe(parseFeedMessage(m).ok);
  });

  it('every counter-example is refused by both', () => {
    for (const m of counterExamples()) {
      expect(parseFeedMessage(m).ok, JSON.stringify(m)).toBe(false);
      expect(valid(SCHEMA, m), JSON.stringify(m)).toBe(false);
    }
  });

  it('the fixture has valid and invalid messages, and the schema agrees on each', () => {
    const verdicts = fixtures.map((m) => parseFeedMessage(m).ok);
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });

  it('what JSON Schema cannot say is the parser’s alone: real dates, finite numbers', () => {
    // The pattern admits 30 February; the parser refuses it (a validator asserting format: date-time would too).
    const feb30 = { ...base.heartbeat, at: '2024-02-30T08:00:00Z' };
    expect(valid(SCHEMA, feb30)).toBe(true);
    expect(parseFeedMessage(feb30).ok).toBe(false);
  });
});
