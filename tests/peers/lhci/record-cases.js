// Run `lhci assert` on every case of cases.js and store what it decided under
// tests/fixtures/lighthouse/oracle-rc/<case>/; then rewrite that folder's MANIFEST.md table.
// Run by tests/peers/lhci/record: node record-cases.js <lhci install dir> [case...]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const {spawnSync} = require('child_process');

const work = fs.realpathSync(process.argv[2]);
const only = process.argv.slice(3);
const repo = path.resolve(__dirname, '../../..');
const fixtures = path.join(repo, 'tests/fixtures/lighthouse');
const out = path.join(fixtures, 'oracle-rc');
const cli = path.join(work, 'node_modules/@lhci/cli/src/cli.js');
const cases = require('./cases.js');

const names = new Set();
for (const c of cases) {
  if (names.has(c.name)) throw new Error(`duplicate case ${c.name}`);
  names.add(c.name);
}
for (const n of only) if (!names.has(n)) throw new Error(`no case ${n}`);

const content = v => (typeof v === 'string' ? v : JSON.stringify(v, null, 2) + '\n');

function sanitize(text, scratch) {
  return text.split(scratch).join('<scratch>').split(work).join('<lhci>');
}

function runCase(c) {
  const dir = path.join(out, c.name);
  fs.rmSync(dir, {recursive: true, force: true});
  fs.mkdirSync(dir, {recursive: true});
  const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lhci-case-')));
  try {
    for (const [rel, v] of Object.entries(c.files || {})) {
      for (const base of [dir, scratch]) {
        fs.mkdirSync(path.dirname(path.join(base, rel)), {recursive: true});
        fs.writeFileSync(path.join(base, rel), content(v));
      }
    }
    const cwd = path.join(scratch, c.cwd || '.');
    const lhciDir = path.join(cwd, '.lighthouseci');
    fs.mkdirSync(lhciDir, {recursive: true});
    if (c.runs.length > 9) throw new Error(`${c.name}: lhci reads lhr-N.json in name order; keep <= 9 runs`);
    const inputs = c.runs.map((r, i) => {
      fs.copyFileSync(path.join(fixtures, r), path.join(lhciDir, `lhr-${i + 1}.json`));
      return `lhr-${i + 1}.json <- ${r}\n`;
    });
    fs.writeFileSync(path.join(dir, 'inputs.txt'), inputs.join(''));
    const variants = [
      ['', c.args],
      ['-with-passed', [...c.args, '--includePassedAssertions']],
    ];
    const cd = c.cwd && c.cwd !== '.' ? `<scratch>/${c.cwd}` : '<scratch>';
    fs.writeFileSync(
      path.join(dir, 'command.txt'),
      variants.map(([, args]) => `cd ${cd} && node <lhci>/node_modules/@lhci/cli/src/cli.js assert ${args.join(' ')}`.trimEnd() + '\n').join('')
    );
    const summary = {};
    for (const [suffix, args] of variants) {
      const results = path.join(lhciDir, 'assertion-results.json');
      fs.rmSync(results, {force: true});
      const p = spawnSync(process.execPath, [cli, 'assert', ...args], {
        cwd,
        env: {PATH: process.env.PATH, HOME: scratch, LANG: 'C.UTF-8'},
        encoding: 'utf8',
        timeout: 120000,
      });
      if (p.error) throw p.error;
      fs.writeFileSync(path.join(dir, `exitcode${suffix}`), `${p.status}\n`);
      fs.writeFileSync(path.join(dir, `stdout${suffix}.txt`), sanitize(p.stdout, scratch));
      fs.writeFileSync(path.join(dir, `stderr${suffix}.txt`), sanitize(p.stderr, scratch));
      if (fs.existsSync(results)) {
        fs.copyFileSync(results, path.join(dir, `assertion-results${suffix}.json`));
      }
      if (!suffix) summary.exit = p.status;
    }
    return summary;
  } finally {
    fs.rmSync(scratch, {recursive: true, force: true});
  }
}

for (const c of cases) {
  if (only.length && !only.includes(c.name)) continue;
  const s = runCase(c);
  console.log(`${c.name}: exit ${s.exit}`);
}

// MANIFEST.md: the notes in manifest-notes.md, then one row per case from the stored outputs.
const rows = [];
for (const c of cases) {
  const dir = path.join(out, c.name);
  if (!fs.existsSync(path.join(dir, 'exitcode'))) continue;
  const exit = fs.readFileSync(path.join(dir, 'exitcode'), 'utf8').trim();
  const file = path.join(dir, 'assertion-results.json');
  let failing = 'no assertion-results.json (lhci stopped with an error)';
  if (fs.existsSync(file)) {
    const results = JSON.parse(fs.readFileSync(file, 'utf8')).filter(r => !r.passed);
    const all = path.join(dir, 'assertion-results-with-passed.json');
    const urls = new Set((fs.existsSync(all) ? JSON.parse(fs.readFileSync(all, 'utf8')) : results).map(r => r.url));
    const seen = [];
    for (const r of results) {
      let key = r.auditId === 'categories' ? `categories:${r.auditProperty}` : r.auditId;
      if (r.auditId !== 'categories' && r.auditProperty) key += `:${r.auditProperty}`;
      let item = `${key} ${r.name}`;
      if (r.level !== 'error') item += ` (${r.level})`;
      if (urls.size > 1) item = `${new URL(r.url).pathname} ${item}`;
      if (!seen.includes(item)) seen.push(item);
    }
    const shown = seen.length > 12 ? [...seen.slice(0, 12), `… ${seen.length - 12} more`] : seen;
    failing = seen.length ? `${seen.length > 12 ? `${seen.length}: ` : ''}${shown.join('; ')}` : '—';
  }
  rows.push(`| \`${c.name}\` | ${c.covers} | ${exit} | ${failing} |`);
}
const notes = fs.readFileSync(path.join(__dirname, 'manifest-notes.md'), 'utf8');
fs.writeFileSync(
  path.join(out, 'MANIFEST.md'),
  `${notes.trimEnd()}\n\n## Cases\n\nFailing assertions are listed as \`key assertion-type\` (level if not error),\n` +
    `from \`assertion-results.json\`; with several URLs the path comes first.\n\n` +
    `| case | what it covers | lhci exit | failing assertions |\n|---|---|---|---|\n${rows.join('\n')}\n`
);
