#!/usr/bin/env node
// helm/gavel/values.schema.json, generated from helm/gavel/values.yaml: every key of values.yaml with
// the type of its default and `additionalProperties: false` (unknown keys are rejected), the free-form
// maps and the constrained keys listed in FREE below, `apps.<name>` taking any key of appDefaults.
//   node scripts/chart-schema.js          rewrite values.schema.json (then npx prettier --write it)
//   node scripts/chart-schema.js --check  exit 1 when it is stale (scripts/deploy-checks.sh)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const yaml = createRequire(__filename)('js-yaml');
const CHART = path.resolve(__dirname, '../helm/gavel');
const values = yaml.load(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'));
// free-form maps (any keys) and their value type
const FREE = {
  'image.pullSecrets': { type: 'array', items: { type: 'string' } },
  'appDefaults.env': { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
  'appDefaults.secretEnv': { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
  'appDefaults.nodeSelector': { type: 'object', additionalProperties: { type: 'string' } },
  'appDefaults.tolerations': { type: 'array', items: { type: 'object' } },
  'appDefaults.affinity': { type: 'object' },
  'appDefaults.spreadTopologyKeys': { type: 'array', items: { type: 'string' } },
  'config.extraEnv': { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
  'ingress.annotations': { type: 'object', additionalProperties: { type: 'string' } },
  'ingress.tls': {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: { secretName: { type: 'string' }, hosts: { type: 'array', items: { type: 'string' } } },
    },
  },
  'externalPostgresql.appUsers': {
    type: 'object',
    propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
    additionalProperties: { type: 'string', minLength: 1 },
  },
  'secrets.pgAppPasswords': {
    type: 'object',
    propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
    additionalProperties: { type: 'string' },
  },
  'connect.connectorOverrides': {
    type: 'object',
    additionalProperties: { type: ['string', 'number', 'boolean'] },
  },
  'postgresql.databases': {
    type: 'array',
    items: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' },
    minItems: 1,
  },
  // a hop count or addresses/CIDRs (the gateway checks them at start); never "true", which would trust
  // a client-written X-Forwarded-For
  'ingress.trustProxy': {
    oneOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', pattern: '^[0-9A-Za-z.:/, ]*$', not: { enum: ['true'] } },
    ],
  },
  'networkPolicy.apiServerPorts': {
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: 65535 },
    minItems: 1,
  },
  // the gateway refuses to start with a period that is not positive (GAVEL_LOT_DISCOVERY_MS)
  'lotRouting.refreshMs': { type: 'integer', minimum: 1 },
  'externalPostgresql.port': { type: 'integer', minimum: 1, maximum: 65535 },
  'externalPostgresql.cdcPort': {
    oneOf: [
      { type: 'integer', minimum: 1, maximum: 65535 },
      { type: 'string', pattern: '^([0-9]{1,5})?$' },
    ],
  },
  'migrations.hook': { type: 'string', enum: ['', 'pre-upgrade'] },
  'photos.store': { type: 'string', enum: ['s3', 'local'] },
  'appDefaults.port': { type: 'integer', minimum: 1, maximum: 65535 },
  'appDefaults.metricsPort': { type: 'integer', minimum: 1, maximum: 65535 },
  'image.pullPolicy': { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
  'config.logLevel': { type: 'string', enum: ['error', 'warn', 'info', 'debug', 'verbose'] },
  // the wallet refuses other values at start (apps/wallet/src/wallet/infrastructure/chain.config.ts)
  'chain.confirmations': { type: 'integer', minimum: 1, maximum: 10000 },
  'chain.weiPerMinorUnit': { type: 'string', pattern: '^([1-9][0-9]{0,30})?$' },
};
const RESOURCES = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(
    ['requests', 'limits'].map((k) => [
      k,
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          cpu: { type: ['string', 'number'] },
          memory: { type: 'string', pattern: '^[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)?$' },
          'ephemeral-storage': { type: 'string' },
        },
      },
    ]),
  ),
};
function infer(v, path) {
  if (FREE[path]) return FREE[path];
  if (path.endsWith('resources')) return RESOURCES;
  if (v === null) return {};
  if (Array.isArray(v)) return { type: 'array' };
  if (typeof v === 'object') {
    return {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, infer(x, path ? `${path}.${k}` : k)]),
      ),
    };
  }
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'integer' } : { type: 'number' };
  return { type: typeof v };
}
const schema = infer(values, '');
schema.$schema = 'http://json-schema.org/draft-07/schema#';
schema.title = 'Gavel chart values';
// apps.<name>: any subset of appDefaults
const app = JSON.parse(JSON.stringify(schema.properties.appDefaults));
schema.properties.apps = {
  type: 'object',
  propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
  additionalProperties: app,
};
// appDefaults' keys described
app.properties.database = { type: 'string', pattern: '^([a-z_][a-z0-9_]*)?$' };
app.properties.schema = { type: 'string', pattern: '^([a-z_][a-z0-9_]*)?$' };
schema.properties.appDefaults.properties.database = app.properties.database;
schema.properties.appDefaults.properties.schema = app.properties.schema;
const ordered = {
  $schema: schema.$schema,
  title: schema.title,
  type: 'object',
  additionalProperties: false,
  properties: schema.properties,
};
const file = path.join(CHART, 'values.schema.json');
if (process.argv.includes('--check')) {
  const current = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (JSON.stringify(current) !== JSON.stringify(ordered)) {
    console.error('chart-schema: helm/gavel/values.schema.json is stale: run node scripts/chart-schema.js');
    process.exit(1);
  }
  console.log('  values.schema.json matches values.yaml');
} else {
  fs.writeFileSync(file, JSON.stringify(ordered, null, 2) + '\n');
}
