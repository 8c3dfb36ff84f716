#!/usr/bin/env node
// Checks a running API against the OpenAPI document it serves, with tools nobody in this repository wrote:
//   - Redocly CLI (`recommended`) and Spectral (`spectral:oas`) lint the document, with the configs beside this file;
//   - a seeded, schema-driven fuzz pass sends, per operation, schema-valid requests (json-schema-faker, checked with
//     ajv) and schema-invalid ones (a valid request with one rule broken, the break confirmed by ajv), and asserts:
//     no 5xx, every status documented for the operation, every body valid against its documented schema, every
//     invalid request answered 400 ProblemDetails, every created resource readable at its Location;
//   - with a bearer scheme in the document, secured operations are also sent with no token, a token without the
//     scope and a token signed with another key (401, 403, 401).
// The linters run while the fuzzer waits on the app. One JSON report is written; the caller asserts on it.
//
//   node contract-check.mjs <config.json>
// config: { baseUrl, documentFile, report, seed, perOperation, lint, fuzz, auth?: { issuer, audience, key, scope } }
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { generateSync } from 'json-schema-faker';

const here = path.dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(await readFile(process.argv[2], 'utf8'));
const started = performance.now();

const documentText = await (await fetch(new URL('/openapi/v1.json', config.baseUrl))).text();
await writeFile(config.documentFile, documentText);
const document = JSON.parse(documentText);

const linting = config.lint ? Promise.all([redocly(), spectral()]) : Promise.resolve(null);
const fuzzing = config.fuzz ? fuzz() : Promise.resolve(null);
const [lint, fuzzResult] = await Promise.all([linting, fuzzing]);
const report = {
  lint: lint && { redocly: lint[0], spectral: lint[1] },
  fuzz: fuzzResult,
  seconds: (performance.now() - started) / 1000,
};
await writeFile(config.report, JSON.stringify(report, null, 2));

// ---------------------------------------------------------------------------------------------------------------
// Linters: each CLI as it is published, its JSON output reduced to counts and messages.

function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: here, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function redocly() {
  const started = performance.now();
  const result = await run(
    [path.join(here, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', config.documentFile,
      '--config', path.join(here, 'redocly.yaml'), '--format', 'json'],
    { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' });
  const json = parseJsonIn(result.stdout);
  if (!json) {
    return { errors: 1, warnings: 0, problems: [`Redocly printed no JSON report (exit ${result.code}): ${result.stdout}${result.stderr}`], seconds: 0 };
  }
  return {
    errors: json.totals.errors,
    warnings: json.totals.warnings,
    problems: json.problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location?.[0]?.pointer ?? '?'}`),
    seconds: (performance.now() - started) / 1000,
  };
}

async function spectral() {
  const started = performance.now();
  const result = await run(
    [path.join(here, 'node_modules/@stoplight/spectral-cli/dist/index.js'), 'lint', config.documentFile,
      '--ruleset', path.join(here, '.spectral.yaml'), '--format', 'json', '--quiet'],
    { NO_COLOR: '1' });
  const json = parseJsonIn(result.stdout);
  if (!Array.isArray(json)) {
    return { errors: 1, warnings: 0, problems: [`Spectral printed no JSON report (exit ${result.code}): ${result.stdout}${result.stderr}`], seconds: 0 };
  }
  const names = ['error', 'warning', 'info', 'hint'];
  return {
    errors: json.filter((problem) => problem.severity === 0).length,
    warnings: json.filter((problem) => problem.severity === 1).length,
    problems: json.map((problem) => `${names[problem.severity]} ${problem.code}: ${problem.message} at ${problem.path.join('.')}`),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The JSON report in a tool's output, which may have a banner before it or a summary line after it. */
function parseJsonIn(text) {
  const start = text.search(/[[{]/);
  const end = Math.max(text.lastIndexOf(']'), text.lastIndexOf('}'));
  if (start < 0 || end < start) {
    return null;
  }
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Fuzzing.

async function fuzz() {
  const started = performance.now();
  const random = mulberry32(config.seed);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (value) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (value) => Number.isInteger(value) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  const validators = new Map();
  const validatorOf = (schema) => {
    const key = JSON.stringify(schema);
    if (!validators.has(key)) {
      validators.set(key, ajv.compile(schema));
    }
    return validators.get(key);
  };

  const tokens = config.auth ? {
    write: jwt(config.auth, [config.auth.scope]),
    noScope: jwt(config.auth, ['api:read']),
    badKey: jwt({ ...config.auth, key: randomBytes(32).toString('base64') }, [config.auth.scope]),
  } : null;
  const knownIds = new Set();
  const failures = [];
  const operations = [];
  for (const operation of operationsOf(document)) {
    const stats = { operation: `${operation.method} ${operation.path}`, valid: 0, invalid: 0, auth: 0, statuses: {}, invalidKinds: {} };
    operations.push(stats);
    const fail = (request, response, message) => {
      if (failures.filter((failure) => failure.operation === stats.operation).length < 5) {
        failures.push({ operation: stats.operation, message, status: response?.status, body: response?.text?.slice(0, 600), curl: curl(request), seed: config.seed });
      }
    };

    const send = async (request, expectation) => {
      const response = await sendRequest(request);
      stats.statuses[response.status] = (stats.statuses[response.status] ?? 0) + 1;
      const problem = checkResponse(operation, response, validatorOf);
      if (problem) {
        fail(request, response, problem);
      } else if (expectation && !expectation(response)) {
        fail(request, response, `expected ${expectation.description}, got ${response.status}`);
      } else if (response.status === 201 && response.headers.get('location')) {
        const location = new URL(response.headers.get('location'), config.baseUrl);
        const readRequest = { method: 'GET', url: location.href, headers: { ...authHeader(request.headers) } };
        const read = await sendRequest(readRequest);
        if (read.status !== 200 || JSON.stringify(read.json) !== JSON.stringify(response.json)) {
          fail(readRequest, read, `the created resource does not read back as created (${read.status}): ${response.text.slice(0, 300)}`);
        }
      }
      collectIds(response.json, knownIds);
      return response;
    };

    const token = operation.secured ? tokens?.write : undefined;
    for (let i = 0; i < config.perOperation; i++) {
      const request = validRequest(operation, random, knownIds, validatorOf, token);
      await send(request, null);
      stats.valid++;
    }

    const invalidTargets = operation.query.length > 0 || operation.body ? 'input' : operation.pathParams.some(canBreak) ? 'path' : null;
    stats.breakable = invalidTargets !== null;
    if (invalidTargets) {
      for (let i = 0; i < config.perOperation; i++) {
        const invalid = invalidRequest(operation, random, knownIds, validatorOf, token, invalidTargets);
        if (!invalid) {
          continue;
        }
        stats.invalidKinds[invalid.kind] = (stats.invalidKinds[invalid.kind] ?? 0) + 1;
        // A path segment that is not of its parameter's type names no resource: the router answers 404.
        const expected = invalidTargets === 'path' ? 404 : 400;
        const isExpected = (response) => response.status === expected && isProblem(response);
        isExpected.description = `${expected} ProblemDetails for a request with ${invalid.kind}`;
        await send(invalid.request, isExpected);
        stats.invalid++;
      }
    }

    if (operation.secured && tokens) {
      const kinds = [['no token', undefined, 401], ['a token without the scope', tokens.noScope, 403], ['a token signed with another key', tokens.badKey, 401]];
      for (const [kind, kindToken, expected] of kinds) {
        for (let i = 0; i < Math.ceil(config.perOperation / 4); i++) {
          const request = i % 2 === 0
            ? validRequest(operation, random, knownIds, validatorOf, kindToken)
            : invalidRequest(operation, random, knownIds, validatorOf, kindToken, 'input')?.request
              ?? validRequest(operation, random, knownIds, validatorOf, kindToken);
          const isExpected = (response) => response.status === expected && isProblem(response);
          isExpected.description = `${expected} ProblemDetails with ${kind}`;
          await send(request, isExpected);
          stats.auth++;
        }
      }
    }
  }

  return { seed: config.seed, operations, failures, seconds: (performance.now() - started) / 1000 };
}

function isProblem(response) {
  return (response.headers.get('content-type') ?? '').startsWith('application/problem+json') && typeof response.json?.status === 'number';
}

/** Every operation of the document, its parameters and body schema inlined, its responses by status. */
function operationsOf(document) {
  const result = [];
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) {
        continue;
      }
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) => ({ ...parameter, schema: inline(parameter.schema ?? {}) }));
      const body = operation.requestBody?.content?.['application/json']?.schema;
      result.push({
        method: method.toUpperCase(),
        path: route,
        pathParams: parameters.filter((parameter) => parameter.in === 'path'),
        query: parameters.filter((parameter) => parameter.in === 'query'),
        body: body ? inline(body) : null,
        responses: Object.fromEntries(Object.entries(operation.responses ?? {}).map(([status, response]) => [status, {
          content: Object.fromEntries(Object.entries(response.content ?? {}).map(([type, media]) => [type, inline(media.schema ?? {})])),
        }])),
        secured: (operation.security ?? document.security ?? []).some((requirement) => Object.keys(requirement).length > 0),
      });
    }
  }
  return result;
}

/** The schema with every `#/components/schemas/...` reference replaced by the schema it names. */
function inline(schema, depth = 0) {
  if (depth > 32 || schema === null || typeof schema !== 'object') {
    return schema;
  }
  if (Array.isArray(schema)) {
    return schema.map((item) => inline(item, depth + 1));
  }
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/components/schemas/')) {
    const { $ref, ...rest } = schema;
    return inline({ ...document.components.schemas[$ref.slice('#/components/schemas/'.length)], ...rest }, depth + 1);
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, inline(value, depth + 1)]));
}

/** What is wrong with a response by the document, or null: status documented, body of a documented type and schema. */
function checkResponse(operation, response, validatorOf) {
  if (response.status >= 500) {
    return `a ${response.status} server error`;
  }
  const documented = operation.responses[String(response.status)] ?? operation.responses[`${String(response.status)[0]}XX`] ?? operation.responses.default;
  if (!documented) {
    return `status ${response.status} is not documented for ${operation.method} ${operation.path} (documented: ${Object.keys(operation.responses).join(', ')})`;
  }
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
  const types = Object.keys(documented.content);
  if (types.length === 0) {
    return response.text.length === 0 ? null : `status ${response.status} is documented without a body, but one came (${mediaType})`;
  }
  if (!types.includes(mediaType)) {
    return `status ${response.status} came as '${mediaType}', documented as ${types.join(', ')}`;
  }
  if (response.json === undefined) {
    return `the ${response.status} body is not JSON`;
  }
  const validate = validatorOf(documented.content[mediaType]);
  return validate(response.json) ? null : `the ${response.status} body does not match its schema: ${ajvMessage(validate)}`;
}

function ajvMessage(validate) {
  return (validate.errors ?? []).slice(0, 3).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
}

// ---------------------------------------------------------------------------------------------------------------
// Requests.

function validRequest(operation, random, knownIds, validatorOf, token) {
  const pathValues = Object.fromEntries(operation.pathParams.map((parameter) => [parameter.name, pathValue(parameter, random, knownIds, validatorOf)]));
  const query = {};
  for (const parameter of operation.query) {
    if (parameter.required || random() < 0.6) {
      query[parameter.name] = String(generateValid(parameter.schema, random, validatorOf));
    }
  }
  let body;
  if (operation.body) {
    body = generateValid(operation.body, random, validatorOf);
    body = preferKnownIds(body, operation.body, random, knownIds, validatorOf);
  }
  return requestOf(operation, pathValues, query, body, token);
}

function pathValue(parameter, random, knownIds, validatorOf) {
  const types = [parameter.schema.type].flat();
  if (types.includes('integer') && knownIds.size > 0 && random() < 0.6) {
    const ids = [...knownIds];
    return String(ids[Math.floor(random() * ids.length)]);
  }
  return String(generateValid(parameter.schema, random, validatorOf));
}

/** A value json-schema-faker generates for the schema, kept only once ajv agrees that it is valid. */
function generateValid(schema, random, validatorOf) {
  const validate = validatorOf(schema);
  for (let attempt = 0; attempt < 20; attempt++) {
    const value = generateSync(schema, { seed: Math.floor(random() * 2 ** 31), optionalsProbability: 0.5, maxDefaultItems: 3 });
    if (validate(value)) {
      return value;
    }
  }
  throw new Error(`json-schema-faker produced no valid value for ${JSON.stringify(schema).slice(0, 300)} in 20 attempts`);
}

/** Integer properties named id or *Id take, some of the time, an id the API has returned, so requests reach data. */
function preferKnownIds(value, schema, random, knownIds, validatorOf) {
  if (knownIds.size === 0) {
    return value;
  }
  const ids = [...knownIds];
  const replaced = structuredClone(value);
  walk(replaced, (holder, key) => {
    if (/(^id|Id)$/.test(String(key)) && Number.isInteger(holder[key]) && random() < 0.6) {
      holder[key] = ids[Math.floor(random() * ids.length)];
    }
  });
  return validatorOf(schema)(replaced) ? replaced : value;
}

function walk(value, visit) {
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      visit(value, key);
      walk(value[key], visit);
    }
  }
}

function collectIds(json, knownIds) {
  walk(json, (holder, key) => {
    if (/(^id|Id)$/.test(String(key)) && Number.isInteger(holder[key]) && holder[key] > 0 && knownIds.size < 500) {
      knownIds.add(holder[key]);
    }
  });
}

function canBreak(parameter) {
  const types = [parameter.schema.type].flat();
  return types.includes('integer') || types.includes('number') || parameter.schema.enum || parameter.schema.format === 'uuid';
}

/**
 * A valid request with one rule of the document broken: in the body, a query parameter or (for an operation that
 * reads neither) a path parameter. Only breaks that ajv confirms make the request schema-invalid are kept.
 */
function invalidRequest(operation, random, knownIds, validatorOf, token, target) {
  if (target === 'input' && operation.query.length === 0 && !operation.body) {
    return null;
  }
  for (let attempt = 0; attempt < 30; attempt++) {
    const base = validRequest(operation, random, knownIds, validatorOf, token);
    if (target === 'path') {
      const parameter = pick(operation.pathParams.filter(canBreak), random);
      const broken = pick(invalidScalars(parameter.schema).filter((candidate) => !validatorOf(parameter.schema)(asTyped(candidate, parameter.schema))), random);
      if (broken !== undefined) {
        return { kind: `path ${parameter.name}=${JSON.stringify(broken)}`, request: requestOf(operation, { ...base.pathValues, [parameter.name]: broken }, base.query, base.value, token) };
      }
      continue;
    }
    const breakQuery = operation.query.length > 0 && (!operation.body || random() < 0.3);
    if (breakQuery) {
      const parameter = pick(operation.query, random);
      const candidates = invalidScalars(parameter.schema).filter((candidate) => !validatorOf(parameter.schema)(asTyped(candidate, parameter.schema)));
      const broken = pick(candidates, random);
      if (broken !== undefined) {
        return { kind: `query ${parameter.name}: ${describe(broken)}`, request: requestOf(operation, base.pathValues, { ...base.query, [parameter.name]: broken }, base.value, token) };
      }
      continue;
    }
    const mutation = mutateBody(base.value, operation.body, random);
    if (mutation && !validatorOf(operation.body)(mutation.body)) {
      return { kind: mutation.kind, request: requestOf(operation, base.pathValues, base.query, mutation.body, token) };
    }
  }
  return null;
}

/** Query and path values (strings on the wire) that break the schema of their parameter. */
function invalidScalars(schema) {
  const types = [schema.type].flat();
  const candidates = [];
  if (types.includes('integer') || types.includes('number')) {
    candidates.push('abc', 'true');
    if (types.includes('integer')) {
      candidates.push('1.5');
    }
    if (typeof schema.minimum === 'number') {
      candidates.push(String(schema.minimum - 1));
    }
    if (typeof schema.maximum === 'number') {
      candidates.push(String(schema.maximum + 1));
    }
  }
  if (schema.enum) {
    const member = String(schema.enum[0]);
    candidates.push('NotAMember', '1', '-1', member.toLowerCase() === member ? member.toUpperCase() : member.toLowerCase(), schema.enum.slice(0, 2).join(','));
  }
  if (schema.format === 'uuid') {
    candidates.push('not-a-uuid', '1234');
  }
  if (typeof schema.maxLength === 'number') {
    candidates.push('x'.repeat(schema.maxLength + 1));
  }
  return candidates;
}

/** A query or path string as the value a client means by it, for ajv: digits are a number, anything else a string. */
function asTyped(text, schema) {
  const types = [schema.type].flat();
  return (types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** One rule of the body's schema broken at a random place: a missing field, a wrong type, a value out of bounds. */
function mutateBody(body, schema, random) {
  const places = [];
  collectPlaces(body, schema, [], places);
  const candidates = [];
  candidates.push({ kind: 'a body that is not an object', body: pick([[], 'text', 42, null, true], random) });
  for (const place of places) {
    const { holder, key, schema: propertySchema, parentSchema } = place;
    const at = place.path.join('.') || '(body)';
    if (holder && parentSchema?.required?.includes(key)) {
      candidates.push({ kind: `${at} missing`, apply: (clone) => { delete resolve(clone, place.path.slice(0, -1))[key]; } });
    }
    if (!holder) {
      continue;
    }
    for (const value of breakingValues(propertySchema)) {
      candidates.push({ kind: `${at}: ${describe(value)}`, apply: (clone) => { resolve(clone, place.path.slice(0, -1))[key] = value; } });
    }
  }
  const choice = pick(candidates, random);
  if (!choice) {
    return null;
  }
  if (!choice.apply) {
    return choice;
  }
  const clone = structuredClone(body);
  choice.apply(clone);
  return { kind: choice.kind, body: clone };
}

function collectPlaces(value, schema, trail, places, holder = null, key = null, parentSchema = null) {
  places.push({ path: trail, holder, key, schema, parentSchema });
  if (value && typeof value === 'object' && !Array.isArray(value) && schema?.properties) {
    for (const [name, propertySchema] of Object.entries(schema.properties)) {
      collectPlaces(value[name], propertySchema, [...trail, name], places, value, name, schema);
    }
  }
  if (Array.isArray(value) && schema?.items) {
    value.forEach((item, index) => collectPlaces(item, schema.items, [...trail, index], places, value, index, schema));
  }
}

function resolve(root, trail) {
  return trail.reduce((current, step) => current[step], root);
}

/** Values that break a property's schema: other JSON types, null, bounds, lengths, patterns, formats, enums. */
function breakingValues(schema) {
  const types = [schema?.type ?? []].flat();
  const values = [];
  const others = { string: 'text', integer: 7, number: 7.5, boolean: true, object: {}, array: [] };
  for (const [type, sample] of Object.entries(others)) {
    if (!types.includes(type) && !(type === 'integer' && types.includes('number'))) {
      values.push(sample);
    }
  }
  values.push(null);
  if (typeof schema?.minimum === 'number') {
    values.push(schema.minimum - 1);
  }
  if (typeof schema?.maximum === 'number') {
    values.push(schema.maximum + 1);
  }
  if (types.includes('integer')) {
    values.push(1.5);
  }
  if (typeof schema?.maxLength === 'number') {
    values.push('x'.repeat(schema.maxLength + 1));
  }
  if (typeof schema?.minLength === 'number' && schema.minLength > 0) {
    values.push('');
  }
  if (typeof schema?.pattern === 'string') {
    values.push('   ', '-', '!!');
  }
  if (schema?.enum) {
    values.push('NotAMember');
  }
  // Only breaks that every reading of the format agrees on (a validator that accepts more is not wrong).
  const formats = { email: ['plainaddress', '@example.com', 'user@', 'a@b@c.example'], uuid: ['not-a-uuid'], 'date-time': ['yesterday'] };
  values.push(...(formats[schema?.format] ?? []));
  if (types.includes('array')) {
    if (typeof schema.minItems === 'number' && schema.minItems > 0) {
      values.push([]);
    }
  }
  return values;
}

function requestOf(operation, pathValues, query, body, token) {
  const route = operation.path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(pathValues[name]));
  const url = new URL(route, config.baseUrl);
  for (const [name, value] of Object.entries(query)) {
    url.searchParams.set(name, value);
  }
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  return { method: operation.method, url: url.href, headers, body: body === undefined ? undefined : JSON.stringify(body), value: body, pathValues, query };
}

async function sendRequest(request) {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual' });
  const text = await response.text();
  let json;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function authHeader(headers) {
  return headers.authorization ? { authorization: headers.authorization } : {};
}

function curl(request) {
  const quote = (text) => `'${String(text).replaceAll("'", "'\\''")}'`;
  const parts = ['curl', '-i', '-X', request.method, quote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    parts.push('-H', quote(`${name}: ${value}`));
  }
  if (request.body !== undefined) {
    parts.push('--data-raw', quote(request.body));
  }
  return parts.join(' ');
}

function describe(value) {
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function pick(items, random) {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

/** A small seeded generator (mulberry32): the same seed gives the same requests. */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An HS256 JWT the app accepts when configured with this issuer, audience and base64 key. */
function jwt({ issuer, audience, key }, scopes) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iss: issuer, aud: audience, sub: 'contract-check', scope: scopes.join(' '), nbf: now - 60, iat: now - 60, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', Buffer.from(key, 'base64')).update(unsigned).digest('base64url')}`;
}
