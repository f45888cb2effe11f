#!/usr/bin/env node
// The values table of helm/gavel/README.md, generated from helm/gavel/values.yaml: every key down to
// the second level (apps.<name> and appDefaults down to the third), its default and the comment lines
// right above it (or the comment after it on the same line).
//   node scripts/chart-readme.js          rewrite the table between the markers
//   node scripts/chart-readme.js --check  exit 1 when the README's table is stale (scripts/deploy-checks.sh)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const CHART = path.resolve(__dirname, '../helm/gavel');
const README = path.join(CHART, 'README.md');
const BEGIN = '<!-- values-table:begin (node scripts/chart-readme.js) -->';
const END = '<!-- values-table:end -->';

function rows() {
  const lines = fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8').split('\n');
  const out = [];
  const stack = []; // [{indent, key}]
  let comments = [];
  for (const line of lines) {
    const comment = /^\s*#\s?(.*)$/.exec(line);
    if (comment) {
      comments.push(comment[1].trim());
      continue;
    }
    const m = /^(\s*)([A-Za-z0-9_.-]+):(?:\s+(.*?))?\s*$/.exec(line);
    if (!m) {
      if (!line.trim()) comments = [];
      continue;
    }
    const indent = m[1].length;
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    stack.push({ indent, key: m[2] });
    const keyPath = stack.map((s) => s.key).join('.');
    let value = m[3] ?? '';
    let trailing = '';
    const hash = value.search(/\s#\s/);
    if (hash >= 0) {
      trailing = value.slice(hash).replace(/^\s#\s*/, '');
      value = value.slice(0, hash).trim();
    }
    const depth = stack.length;
    const deep = ['appDefaults', 'apps'].includes(stack[0].key) ? 3 : 2;
    if (depth <= deep) {
      const text = [...comments, trailing].filter(Boolean).join(' ');
      out.push(
        `| \`${keyPath}\` | ${value ? `\`${value.replace(/\|/g, '\\|')}\`` : ''} | ${text.replace(/\|/g, '\\|')} |`,
      );
    }
    comments = [];
  }
  return ['| key | default | description |', '| --- | --- | --- |', ...out].join('\n');
}

function main() {
  const readme = fs.readFileSync(README, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    console.error(`chart-readme: ${README} lacks the markers ${BEGIN} ... ${END}`);
    process.exit(1);
  }
  const updated = `${readme.slice(0, start + BEGIN.length)}\n${rows()}\n${readme.slice(end)}`;
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error(
        'chart-readme: helm/gavel/README.md values table is stale: run node scripts/chart-readme.js',
      );
      process.exit(1);
    }
    console.log('  README values table matches values.yaml');
    return;
  }
  fs.writeFileSync(README, updated);
}

main();
