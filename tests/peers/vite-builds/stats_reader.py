#!/usr/bin/env python3
"""An independent reading of webpack stats.json: initial and async files per entrypoint.

    stats_reader.py expected STATS.json            > STATS.expected.json
    stats_reader.py dist STATS.json DIR            one file per assets[] entry, exactly `size`
                                                   bytes of deterministic pseudo-random content
                                                   (query cut off; a multi-compiler build's
                                                   compilers under their common folder)
    stats_reader.py compare STATS.json PERFGATE    make a scratch dist, run `perfgate check`,
                                                   print where it disagrees with `expected`

Reading (webpack 1-5; written from webpack's stats format, not from perfgate):
  compilers  A top level with entrypoints or assets of its own is one compiler; its
             `children` are child compilations of plugins (html-webpack-plugin,
             mini-css-extract-plugin, worker-loader) and are listed, not measured. A top level
             with neither, and `children`, is a multi-compiler build: each child is a
             compiler, identified by index and `name` (None when webpack wrote none).
  initial    `entrypoints[name].assets` (webpack 5: {name, size}; webpack <= 4: strings); if
             it has no `assets`, the `files` of its `chunks`. Source maps (*.map) are dropped:
             a browser does not load them. `auxiliaryAssets` are listed apart, not counted.
  async      a non-initial chunk is reachable from entrypoint E when its `parents` all lie in
             E's chunks (initial + already reached), or when one of its parents is a chunk
             no other entrypoint has initially; transitively. (Chunk `children` are a
             union over every group a chunk is in: a runtime chunk shared by two entrypoints
             lists the async children of both, so they are listed as `naive_children` too.)
             Stats without chunk relations (`stats.chunkRelations: false`: no `parents`;
             `stats.ids: false`: no chunk `id`s, entrypoints without `chunks`) cannot say;
             every async chunk's files are listed per compiler (`async_chunk_files`).
  sizes      `assets[].size`; a file an entrypoint names that assets[] lacks has size null.
"""
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile


def load(path):
    with open(path, 'rb') as f:
        data = f.read()
    if data[:2] == b'\x1f\x8b':
        data = gzip.decompress(data)
    return json.loads(data)


def compilers(stats):
    top_has = bool(stats.get('entrypoints')) or bool(stats.get('assets'))
    kids = stats.get('children') or []
    if top_has or not kids:
        return [('top', None, stats, [c.get('name') for c in kids])]
    return [('children[%d]' % i, c.get('name'), c, [g.get('name') for g in (c.get('children') or [])])
            for i, c in enumerate(kids)]


def asset_name(a):
    return a if isinstance(a, str) else a.get('name')


def read_compiler(c):
    notes = []
    sizes = {}
    for a in c.get('assets') or []:
        if not a.get('name'):
            notes.append('an assets[] entry has no name (size %s): skipped' % a.get('size'))
            continue
        sizes[a['name']] = a.get('size')
    if c.get('filteredAssets'):
        notes.append('filteredAssets = %d: assets[] is incomplete' % c['filteredAssets'])
    chunks = {}
    for ch in c.get('chunks') or []:
        if ch.get('id') is None:  # stats.ids: false
            continue
        chunks[ch['id']] = ch
    if c.get('chunks') and not chunks:
        notes.append('chunks have no "id": their relations cannot be followed')
    eps = c.get('entrypoints')
    if eps is None:
        notes.append('no "entrypoints" key')
        eps = {}
    elif not eps:
        notes.append('"entrypoints" is empty')
    if not c.get('chunks'):
        notes.append('no chunks: async chunks unknown')
    initial_of = {}
    for name, ep in eps.items():
        initial_of[name] = set(ep.get('chunks') or [])
    out = {}
    for name, ep in eps.items():
        e_notes = []
        if 'assets' in ep:
            files = [asset_name(a) for a in ep['assets']]
            inline = {asset_name(a): a.get('size') for a in ep['assets'] if isinstance(a, dict)}
        else:
            files = [f for cid in ep.get('chunks') or [] for f in chunks.get(cid, {}).get('files', [])]
            inline = {}
            e_notes.append('entrypoint has no "assets": files taken from its chunks')
        maps = [f for f in files if f.split('?')[0].endswith('.map')]
        if maps:
            e_notes.append('%d source map(s) dropped: %s' % (len(maps), maps))
        files = [f for f in files if f not in maps]
        # cross-check with the chunks' files
        if ep.get('chunks') and chunks:
            from_chunks = [f for cid in ep['chunks'] for f in chunks.get(cid, {}).get('files', [])
                           if not f.endswith('.map')]
            if sorted(set(from_chunks)) != sorted(set(files)):
                e_notes.append('chunks\' files %s differ from entrypoint assets %s' % (from_chunks, files))
        elif 'chunks' not in ep:
            e_notes.append('entrypoint has no "chunks": async chunks cannot be attributed')
        initial = []
        for f in files:
            size = sizes.get(f)
            item = {'file': f, 'size': size}
            if '?' in f:
                item['disk_name'] = f.split('?')[0]
                e_notes.append('%s: query string; webpack writes %s' % (f, item['disk_name']))
            if size is None:
                e_notes.append('%s is not in assets[]: size unknown' % f)
            if f in inline and inline[f] != size:
                e_notes.append('%s: entrypoint says size %s, assets[] %s' % (f, inline[f], size))
            if f == '*' or '*' in f:
                e_notes.append('file name %r is a placeholder, not a file' % f)
            initial.append(item)
        aux = [asset_name(a) for a in ep.get('auxiliaryAssets') or []]
        # async reachability
        mine = set(ep.get('chunks') or [])
        others = set().union(*[v for k, v in initial_of.items() if k != name]) if len(initial_of) > 1 else set()
        reach = set(mine)
        asyncs = []
        changed = bool(chunks) and 'chunks' in ep
        while changed:
            changed = False
            for cid, ch in chunks.items():
                if cid in reach or ch.get('initial'):
                    continue
                parents = ch.get('parents')
                if parents is None:
                    continue
                ps = set(parents)
                if ps and (ps <= reach or ps & (reach - others)):
                    reach.add(cid)
                    asyncs.append(cid)
                    changed = True
        if chunks and any(ch.get('parents') is None for ch in chunks.values()):
            e_notes.append('chunks have no "parents": async attribution not possible')
        # naive: follow `children` from the entrypoint's chunks
        naive, stack = [], list(mine)
        seen = set(mine)
        while stack:
            cid = stack.pop()
            for k in chunks.get(cid, {}).get('children') or []:
                if k not in seen and k in chunks and not chunks[k].get('initial'):
                    seen.add(k)
                    naive.append(k)
                    stack.append(k)
        async_files = [{'file': f, 'size': sizes.get(f), 'chunk': cid}
                       for cid in asyncs for f in chunks[cid].get('files', []) if not f.endswith('.map')]
        naive_files = sorted(f for cid in naive for f in chunks[cid].get('files', []) if not f.endswith('.map'))
        total = sum(i['size'] for i in initial if i['size'] is not None)
        # entry.dependOn (webpack 5): the entrypoint's chunks have initial parent chunks,
        # those of the entrypoints it depends on; a page loads them first. webpack's
        # entrypoints[].assets leaves them out, so they are reported apart.
        dep_chunks, stack = [], list(mine)
        while stack:
            cid = stack.pop()
            for p in chunks.get(cid, {}).get('parents') or []:
                if p not in mine and p not in dep_chunks and chunks.get(p, {}).get('initial'):
                    dep_chunks.append(p)
                    stack.append(p)
        depend_on = None
        if dep_chunks:
            dep_files = sorted({f for cid in dep_chunks for f in chunks[cid].get('files', []) if not f.endswith('.map')}
                               - {i['file'] for i in initial})
            depend_on = {'parent_chunks': dep_chunks, 'files': dep_files,
                         'initial_total_with_them': total + sum(sizes.get(f) or 0 for f in dep_files)}
            e_notes.append('entry chunks have initial parent chunks %s (entry.dependOn): a page also loads %s'
                           % (dep_chunks, dep_files))
        out[name] = {
            'depend_on': depend_on,
            'chunks': ep.get('chunks'),
            'initial': initial,
            'initial_total': total,
            'initial_total_js_css': sum(i['size'] or 0 for i in initial
                                        if i['file'].split('?')[0].endswith(('.js', '.mjs', '.cjs', '.css'))),
            'auxiliary': aux,
            'async': async_files,
            'naive_children_async_files': naive_files,
            'notes': e_notes,
        }
    async_chunks = [cid for cid, ch in chunks.items() if not ch.get('initial')]
    unattributed = [cid for cid in async_chunks if not any(cid in [a['chunk'] for a in e['async']]
                                                         for e in out.values())]
    if unattributed:
        notes.append('async chunks reachable from no entrypoint: %s' % unattributed)
    # every async (non-initial) chunk's files, ids or not: what an entrypoint may load when
    # the stats do not say which entrypoint an async chunk belongs to
    all_async = sorted({f for ch in c.get('chunks') or [] if not ch.get('initial')
                        for f in ch.get('files') or [] if not f.endswith('.map')})
    return {'outputPath': c.get('outputPath'), 'version': c.get('version'), 'entrypoints': out,
            'assets': sizes, 'async_chunk_files': all_async, 'notes': notes}


def expected(path):
    s = load(path)
    res = {'what': 'independent reading of %s; see tests/peers/vite-builds/stats_reader.py' % os.path.basename(path),
           'webpack_version': s.get('version'), 'compilers': []}
    for where, name, c, plugin_children in compilers(s):
        r = read_compiler(c)
        r = {'where': where, 'name': name, **r}
        if plugin_children and where == 'top':
            r['plugin_child_compilations_not_measured'] = plugin_children
        res['compilers'].append(r)
    return res


def make_dist(path, dist):
    """One file per assets[] entry of every compiler (top and children), size bytes."""
    s = load(path)
    written = {}
    # A multi-compiler build whose compilers write to folders of their own (dist/app/,
    # dist/admin/): each compiler's files go to its outputPath relative to their common folder.
    cs = compilers(s)
    outs = [c.get('outputPath') for _, _, c, _ in cs]
    common = os.path.commonpath(outs) if len(cs) > 1 and all(outs) else None
    def walk(c, base):
        for a in c.get('assets') or []:
            n = a.get('name')
            if not n:
                continue
            n = n.split('?')[0].lstrip('/')
            target = os.path.normpath(os.path.join(base, n))
            size = a.get('size') or 0
            os.makedirs(os.path.dirname(target), exist_ok=True)
            rng = random.Random(n)
            with open(target, 'wb') as f:
                f.write(rng.randbytes(size))
            written[os.path.relpath(target, dist)] = size
        for k in c.get('children') or []:
            walk(k, base)
    if common:
        for _, _, c, _ in cs:
            walk(c, os.path.join(dist, os.path.relpath(c['outputPath'], common)))
    else:
        walk(s, dist)
    return written


def compare(path, perfgate):
    exp = expected(path)
    scratch = tempfile.mkdtemp(prefix='perfgate-tp-')
    dist = os.path.join(scratch, 'dist')
    os.makedirs(dist)
    make_dist(path, dist)
    budget = os.path.join(scratch, 'budget.json')
    json.dump({'budgets': {'entrypoint:*': {'limit': '< 500 MB', 'compression': 'raw'}}}, open(budget, 'w'))
    p = subprocess.run([perfgate, 'check', '--budget', budget, '--stats', path, '--dist', dist,
                        '--format', 'json', '--no-cache'], capture_output=True, text=True)
    rep = {'stats': path, 'exit': p.returncode, 'stderr': p.stderr.strip()[:1500], 'diffs': []}
    try:
        res = json.loads(p.stdout)
    except ValueError:
        rep['stdout'] = p.stdout[:1500]
        return rep
    rep['errors'] = res.get('errors')
    got = {}
    for r in res.get('results', []):
        if r.get('metric', '').startswith('entrypoint:'):
            det = r.get('details', [])
            got[r['subject']] = (r['value'], sorted(d['name'] for d in det if not d.get('note')),
                                 sorted(d['name'] for d in det if d.get('note')))
    rep['perfgate'] = {k: v[0] for k, v in got.items()}
    want = {}
    multi = len(exp['compilers']) > 1
    for i, c in enumerate(exp['compilers']):
        for e, d in c['entrypoints'].items():
            key = ('%s/%s' % (c['name'] if c['name'] else 'compiler-%d' % i, e)) if multi else e
            want[key] = (d['initial_total'], sorted(x.get('disk_name', x['file']) for x in d['initial']),
                         sorted(x['file'].split('?')[0] for x in d['async']))
    rep['expected'] = {k: v[0] for k, v in want.items()}
    for k in sorted(set(want) | set(got)):
        if k not in got:
            rep['diffs'].append('entrypoint %s: expected (raw %d, %s), perfgate has none' % (k, want[k][0], want[k][1]))
        elif k not in want:
            rep['diffs'].append('entrypoint %s: perfgate reports it (raw %d, %s), not expected' % (k, got[k][0], got[k][1]))
        else:
            w, g = want[k], got[k]
            if w[0] != g[0]:
                rep['diffs'].append('%s raw: perfgate %d expected %d' % (k, g[0], w[0]))
            if w[1] != g[1]:
                rep['diffs'].append('%s initial files: perfgate %s expected %s' % (k, g[1], w[1]))
            if w[2] != g[2]:
                rep['diffs'].append('%s async files: perfgate %s expected %s' % (k, g[2], w[2]))
    return rep


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'expected':
        json.dump(expected(sys.argv[2]), sys.stdout, indent=1)
        sys.stdout.write('\n')
    elif cmd == 'dist':
        print(json.dumps(make_dist(sys.argv[2], sys.argv[3]), indent=1))
    elif cmd == 'compare':
        print(json.dumps(compare(sys.argv[2], sys.argv[3]), indent=1))
    else:
        sys.exit(__doc__)
