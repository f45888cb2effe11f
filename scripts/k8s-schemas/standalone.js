#!/usr/bin/env node
/*
 * Makes kubeconform-ready standalone Kubernetes JSON schemas out of the "local" schemas shipped by
 * the PyPI package kubernetes-validate, whose files point into one shared /api/_definitions.json.
 * Each output file gets only the definitions it reaches, copied into its own "$defs", with every
 * $ref rewritten to "#/$defs/<name>", so kubeconform can load it from a plain path, offline.
 *
 *   node scripts/k8s-schemas/standalone.js <in: v1.33.0-local-strict dir> <out dir>
 *
 * File names stay as shipped (<kind>-<group>-<version>.json, e.g. deployment-apps-v1.json), which is
 * kubeconform's "{{ .ResourceKind }}{{ .KindSuffix }}.json" layout.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [inDir, outDir] = process.argv.slice(2);
if (!inDir || !outDir) {
  process.stderr.write('usage: standalone.js <input schema dir> <output dir>\n');
  process.exit(2);
}

const definitions = JSON.parse(fs.readFileSync(path.join(inDir, '_definitions.json'), 'utf8'));
const defs = definitions.$defs || definitions.definitions;
if (!defs) throw new Error('_definitions.json has no $defs');

const REF = /^(?:\/api\/_definitions\.json)?#\/(?:\$defs|definitions)\/(.+)$/;

/** Rewrites refs in place and returns the definition names the node refers to. */
function rewrite(node, found) {
  if (Array.isArray(node)) {
    for (const item of node) rewrite(item, found);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const m = REF.exec(value);
        if (!m) throw new Error(`unexpected $ref ${value}`);
        const name = m[1].replace(/~1/g, '/').replace(/~0/g, '~');
        found.add(name);
        node.$ref = `#/$defs/${m[1]}`;
      } else {
        rewrite(value, found);
      }
    }
  }
  return found;
}

fs.mkdirSync(outDir, { recursive: true });
let written = 0;
for (const file of fs.readdirSync(inDir)) {
  if (!file.endsWith('.json') || file === '_definitions.json' || file === 'all.json') continue;
  const schema = JSON.parse(fs.readFileSync(path.join(inDir, file), 'utf8'));
  const own = {};
  const queue = [...rewrite(schema, new Set())];
  while (queue.length > 0) {
    const name = queue.pop();
    if (own[name]) continue;
    if (!defs[name]) throw new Error(`${file}: missing definition ${name}`);
    own[name] = structuredClone(defs[name]);
    for (const next of rewrite(own[name], new Set())) if (!own[next]) queue.push(next);
  }
  if (Object.keys(own).length > 0) schema.$defs = own;
  fs.writeFileSync(path.join(outDir, file), JSON.stringify(schema));
  written += 1;
}
process.stdout.write(`[k8s-schemas] ${written} standalone schemas in ${outDir}\n`);
