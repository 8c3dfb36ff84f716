// Validates rendered Kubernetes manifests offline against the JSON schemas of a current Kubernetes release
// (kubernetes-models: one model per apiVersion and kind, each with the release's OpenAPI schema).
//
//   node validate-kubernetes.mjs FILE.yaml...
//
// Prints one JSON document: for each file, its objects (parsed) and the schema violations, each naming the object
// (kind/name) and the field (a JSON pointer), so that one process checks every file of a test run.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const models = new Map();

async function modelFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    // Core objects live under "v1", the others under "<group>/<version>".
    const path = `kubernetes-models/${apiVersion}/${kind}`;
    models.set(key, import(path).then((module) => module[kind]).catch(() => undefined));
  }
  return models.get(key);
}

function describe(error) {
  const field = error.instancePath || "/";
  const detail = error.params?.additionalProperty
    ? `unknown field '${error.params.additionalProperty}'`
    : error.params?.missingProperty
      ? `missing required field '${error.params.missingProperty}'`
      : error.message;
  return { field, message: detail };
}

const result = {};
for (const file of process.argv.slice(2)) {
  const entry = { objects: [], errors: [] };
  result[file] = entry;
  let documents;
  try {
    documents = parseAllDocuments(readFileSync(file, "utf8"));
  } catch (error) {
    entry.errors.push({ object: "(file)", field: "/", message: String(error) });
    continue;
  }

  for (const document of documents) {
    if (document.errors.length > 0) {
      entry.errors.push({ object: "(document)", field: "/", message: document.errors.map(String).join("; ") });
      continue;
    }

    const object = document.toJSON();
    if (object === null || object === undefined) {
      continue;
    }

    // Kustomize wraps long base64 values of a generated Secret over several lines; the API server's decoder skips
    // line breaks, the schema's "byte" format does not, so they are joined first.
    if (object.kind === "Secret" && object.data !== null && typeof object.data === "object") {
      for (const [key, value] of Object.entries(object.data)) {
        if (typeof value === "string") {
          object.data[key] = value.replace(/[\r\n]/g, "");
        }
      }
    }

    entry.objects.push(object);
    const name = `${object.kind}/${object.metadata?.name ?? "(no name)"}`;
    const Model = await modelFor(object.apiVersion, object.kind);
    if (Model === undefined) {
      entry.errors.push({ object: name, field: "/apiVersion", message: `no schema for ${object.apiVersion} ${object.kind} in this Kubernetes release` });
      continue;
    }

    try {
      new Model(object).validate();
    } catch (error) {
      const errors = Array.isArray(error.errors) ? error.errors.map(describe) : [{ field: "/", message: String(error.message ?? error) }];
      for (const { field, message } of errors) {
        entry.errors.push({ object: name, field, message });
      }
    }
  }
}

process.stdout.write(JSON.stringify(result));
