// Print lhci's assertion presets (@lhci/utils src/presets/*.js) as JSON: exactly the
// assertion values lhci uses ("off"/"warn"/"error" or [level, options]), keys sorted,
// 2-space indent. Run by tests/peers/lhci/record with the lhci install dir as argument.
'use strict';
const fs = require('fs');
const path = require('path');

const work = process.argv[2];
const utils = path.join(work, 'node_modules/@lhci/utils');
const version = require(path.join(utils, 'package.json')).version;
const dir = path.join(utils, 'src/presets');

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

const presets = {};
for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.js')).sort()) {
  const preset = require(path.join(dir, file));
  const keys = Object.keys(preset);
  if (keys.length !== 1 || keys[0] !== 'assertions') throw new Error(`${file}: unexpected keys ${keys}`);
  presets[`lighthouse:${file.replace(/\.js$/, '')}`] = sortKeys(preset.assertions);
}
process.stdout.write(
  JSON.stringify({source: `@lhci/utils ${version} src/presets`, presets}, null, 2) + '\n'
);
