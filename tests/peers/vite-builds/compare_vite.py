#!/usr/bin/env python3
"""Run perfgate on tests/fixtures/vite/legacy/v<major>/ and diff against expected.json.

    PERFGATE=build/perfgate compare_vite.py tests/fixtures/vite/legacy/v7 [...]

perfgate's entrypoints are manifest keys; expected.json's are HTML pages (modern and legacy
views). A page's modern view is compared with the manifest entry whose `file` is the
page's <script type=module src>; its legacy view with the entry whose `file` is the
data-src legacy entry (perfgate has no notion of the polyfills chunk + legacy entry being
one page, so the polyfills entrypoint is compared on its own and the legacy page sum is
shown both with and without it).
"""
import json, os, subprocess, sys, tempfile

PERFGATE = os.environ.get('PERFGATE', 'build/perfgate')


def run(fixture):
    exp = json.load(open(os.path.join(fixture, 'expected.json')))
    out = {'fixture': fixture, 'exit': {}, 'stderr': {}}
    pg = {}  # entry -> compression -> (value, initial files, async files, per-file)
    res = {}
    for comp in ('raw', 'gzip', 'brotli'):
        # one run per compression: perfgate refuses two entrypoint:* budgets in one file
        with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as b:
            json.dump({'budgets': {'entrypoint:*': {'limit': '< 500 KB', 'compression': comp}}}, b)
        cmd = [PERFGATE, 'check', '--budget', b.name, '--stats', os.path.join(fixture, exp['manifest']),
               '--dist', os.path.join(fixture, 'dist'), '--format', 'json', '--no-cache']
        p = subprocess.run(cmd, capture_output=True, text=True)
        os.unlink(b.name)
        out['exit'][comp] = p.returncode
        out['stderr'][comp] = p.stderr.strip()
        try:
            res = json.loads(p.stdout)
        except ValueError:
            out['stdout'] = p.stdout[:2000]
            return out
        for r in res['results']:
            det = r.get('details', [])
            pg.setdefault(r['subject'], {})[r['compression']] = (
                r['value'], sorted(d['name'] for d in det if not d.get('note')),
                sorted(d['name'] for d in det if d.get('note')), {d['name']: d['value'] for d in det})
    out['perfgate_entrypoints'] = sorted(pg)
    out['errors'] = res.get('errors')
    diffs = []
    for page, d in exp['pages'].items():
        for side, key in (('modern', 'modern_entry'), ('legacy', 'legacy_entry')):
            keys = d['manifest_keys'][key]
            want = d[side]['initial']
            want_files = sorted(f['file'] for f in want['files'])
            want_async = sorted(f['file'] for f in d[side]['async']['files'])
            if len(keys) != 1 or keys[0] not in pg:
                diffs.append(f'{page} {side}: no perfgate entrypoint (manifest keys {keys})')
                continue
            k = keys[0]
            poly = d['manifest_keys']['legacy_polyfills']
            for comp in ('raw', 'gzip', 'brotli'):
                v, files, asyncs, per = pg[k][comp]
                if comp == 'gzip':
                    if files != want_files:
                        diffs.append(f'{page} {side} -> entrypoint "{k}": initial files perfgate {files} '
                                     f'expected {want_files} (missing {sorted(set(want_files)-set(files))}, '
                                     f'extra {sorted(set(files)-set(want_files))})')
                    if asyncs != want_async:
                        diffs.append(f'{page} {side} -> "{k}": async perfgate {asyncs} expected {want_async}')
                    for f in want['files']:
                        if f['file'] in per and per[f['file']] != f['gzip']:
                            diffs.append(f'{page} {side} {f["file"]}: gzip perfgate {per[f["file"]]} expected {f["gzip"]}')
                if v != want['total'][comp]:
                    extra = ''
                    if side == 'legacy' and poly and poly[0] in pg:
                        extra = f' (perfgate "{k}" + "{poly[0]}" = {v + pg[poly[0]][comp][0]})'
                    diffs.append(f'{page} {side} -> "{k}" {comp}: perfgate {v} expected {want["total"][comp]}{extra}')
    out['diffs'] = diffs
    out['perfgate'] = {k: {c: v[0] for c, v in vs.items()} for k, vs in pg.items()}
    return out


if __name__ == '__main__':
    for f in sys.argv[1:]:
        print(json.dumps(run(f), indent=1))
