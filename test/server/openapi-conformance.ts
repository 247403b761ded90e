/**
 * Checks a response against schemas/openapi.yaml: the operation (path template + method) must
 * exist, must declare the status and content type, and the body must validate against the declared
 * schema (ajv, JSON Schema 2020-12, with the resource schemas the OpenAPI document references).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../helpers/cli';

const SCHEMA_DIR = path.join(REPO_ROOT, 'schemas');
/** The base URI the resource schemas' `$id`s live under; openapi.yaml's relative `$ref`s resolve against it. */
const BASE = 'https://riptides.io/schemas/v1alpha1/';
const OPENAPI_ID = BASE + 'openapi.json';

type Json = Record<string, unknown>;

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface OpenApiChecker {
  document: Json;
  /** Problems with the response; empty when it conforms. */
  check(
    method: string,
    urlPath: string,
    status: number,
    contentType: string | undefined,
    body: unknown,
  ): string[];
  /** Every (path template, method) the document declares. */
  operations(): Array<{ path: string; method: string; tags: string[] }>;
  /** `METHOD template` of every operation a checked response belonged to. */
  seen: Set<string>;
}

let cached: OpenApiChecker | undefined;

export function loadOpenApiChecker(): OpenApiChecker {
  if (cached) return cached;
  const document = parseYaml(fs.readFileSync(path.join(SCHEMA_DIR, 'openapi.yaml'), 'utf8')) as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of fs.readdirSync(SCHEMA_DIR)) {
    if (file.endsWith('.schema.json'))
      ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')));
  }
  ajv.addSchema({ $id: OPENAPI_ID, components: document.components });
  const paths = document.paths as Record<string, Json>;
  const templates = Object.keys(paths).map((template) => ({
    template,
    regex: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
    literal: !template.includes('{'),
  }));
  const components = document.components as Json;
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();

  function deref(node: Json, pointer: string): { node: Json; pointer: string } {
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/')) {
      const parts = ref.slice('#/components/'.length).split('/');
      let target: unknown = components;
      for (const p of parts) target = (target as Json)[p];
      return { node: target as Json, pointer: '/components/' + parts.join('/') };
    }
    return { node, pointer };
  }

  cached = {
    document,
    seen: new Set<string>(),
    operations() {
      const out: Array<{ path: string; method: string; tags: string[] }> = [];
      for (const [p, item] of Object.entries(paths)) {
        for (const m of ['get', 'put', 'post', 'delete']) {
          const op = item[m] as Json | undefined;
          if (op) out.push({ path: p, method: m, tags: (op.tags as string[] | undefined) ?? [] });
        }
      }
      return out;
    },
    check(method, urlPath, status, contentType, body) {
      const pathOnly = urlPath.split('?')[0];
      // Literal templates win over parameterised ones, as in the server's router.
      const match =
        templates.find((t) => t.literal && t.regex.test(pathOnly)) ??
        templates.find((t) => t.regex.test(pathOnly));
      if (!match) return [`no path in openapi.yaml matches ${pathOnly}`];
      const op = paths[match.template][method.toLowerCase()] as Json | undefined;
      if (!op) return [`openapi.yaml has no ${method} ${match.template}`];
      cached!.seen.add(`${method.toUpperCase()} ${match.template}`);
      const responses = op.responses as Record<string, Json>;
      const declared = responses[String(status)] ?? responses.default;
      if (!declared) return [`openapi.yaml declares no ${status} for ${method} ${match.template}`];
      const basePointer = `/paths/${escapePointer(match.template)}/${method.toLowerCase()}/responses/${status}`;
      const resolved = deref(declared, basePointer);
      const content = resolved.node.content as Record<string, Json> | undefined;
      if (!content) return body === undefined || body === '' ? [] : [`${status} declares no body`];
      const media = (contentType ?? '').split(';')[0].trim();
      if (!content[media]) {
        return [
          `${method} ${match.template} ${status}: content type ${media} not declared (${Object.keys(content).join(', ')})`,
        ];
      }
      const schemaPointer = `${resolved.pointer}/content/${escapePointer(media)}/schema`;
      const key = schemaPointer;
      let validate = validators.get(key);
      if (!validate) {
        // The components were added under OPENAPI_ID; a response declared inline lives in `paths`.
        const schema = content[media].schema as Json;
        validate = resolved.pointer.startsWith('/components/')
          ? ajv.compile({ $ref: `${OPENAPI_ID}#${schemaPointer}` })
          : ajv.compile({ $id: `${BASE}inline${validators.size}.json`, ...rebase(schema) });
        validators.set(key, validate);
      }
      if (validate(body)) return [];
      return (validate.errors ?? []).map(
        (e) =>
          `${method} ${pathOnly} ${status}: ${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`,
      );
    },
  };
  return cached;
}

/** Point `#/components/...` references of an inline schema at the registered OpenAPI document. */
function rebase(schema: unknown): Json {
  return JSON.parse(
    JSON.stringify(schema).replace(/"\$ref":"#\/components\//g, `"$ref":"${OPENAPI_ID}#/components/`),
  ) as Json;
}
