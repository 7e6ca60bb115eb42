#!/usr/bin/env python3
"""What a browser loads for each HTML page of a Vite + @vitejs/plugin-legacy build.

    expected_from_html.py tests/fixtures/vite/legacy/v7 > tests/fixtures/vite/legacy/v7/expected.json

Worked out from the HTML files Vite wrote and from the import statements in the built
JS, never from the manifest (the manifest is only listed, and matched to the pages by
file name at the end, so the mapping between pages and manifest keys is explicit).

Per page:
  modern.initial  <script type=module src>, <link rel=modulepreload>, <link rel=stylesheet>
                  (via "html:..."), plus any static `import ... from "./x.js"` of those
                  scripts not already listed (via "static import of ...").
  modern.async    `import("./x.js")` targets reachable from modern.initial.
  legacy.initial  <script nomodule src> (the polyfills chunk), the `data-src` of the
                  `vite-legacy-entry` script that the inline `System.import(...)` loads,
                  <link rel=stylesheet> (a plain stylesheet link: every browser loads it),
                  plus the System.register dependency array of those chunks, transitively.
                  Modulepreload links and type=module scripts are not loaded by a
                  browser without modules.
  legacy.async    `.import("./x.js")` (SystemJS dynamic import) targets reachable from it.
Inline scripts (Safari 10.1 fix, modern-browser detection) are not files and not counted.

Sizes: raw bytes; gzip = len(gzip.compress(data, 9, mtime=0)) (zlib level 9, gzip
container, what perfgate's tool/compress/sizes.cpp measures); brotli = brotli.compress(
data, quality=11) (window 22, generic mode). Needs the brotli module (Debian: python3-brotli).
"""
import gzip
import html.parser
import json
import os
import posixpath
import re
import sys

import brotli


def sizes(path):
    data = open(path, 'rb').read()
    return {'raw': len(data), 'gzip': len(gzip.compress(data, 9, mtime=0)),
            'brotli': len(brotli.compress(data, quality=11))}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []  # (tag, attrs dict, inline text)
        self._open = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append([tag, a, ''])
        if tag == 'script':
            self._open = self.tags[-1]

    def handle_endtag(self, tag):
        if tag == 'script':
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open[2] += data


STATIC_ESM = re.compile(r'''(?:^|[;}\s)])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'`](\.{1,2}/[^"'`]+)["'`]''')
DYNAMIC_ESM = re.compile(r'''(?<![\w$.])import\(\s*["'`](\.{1,2}/[^"'`]+)["'`]\s*\)''')
SYSTEM_REGISTER = re.compile(r'''System\.register\(\s*\[([^\]]*)\]''')
SYSTEM_DYNAMIC = re.compile(r'''\.import\(\s*["'`](\.{1,2}/[^"'`]+)["'`]\s*\)''')
STRING = re.compile(r'''["'`]([^"'`]+)["'`]''')


def deps(dist, rel, legacy):
    """(static, dynamic) imports of the built file dist/rel, as dist-relative paths."""
    text = open(os.path.join(dist, rel), encoding='utf-8').read()
    base = posixpath.dirname(rel)
    norm = lambda s: posixpath.normpath(posixpath.join(base, s))
    if legacy:
        m = SYSTEM_REGISTER.search(text)
        static = [norm(s) for s in STRING.findall(m.group(1))] if m else []
        dynamic = [norm(s) for s in SYSTEM_DYNAMIC.findall(text)]
    else:
        static = [norm(s) for s in STATIC_ESM.findall(text)]
        dynamic = [norm(s) for s in DYNAMIC_ESM.findall(text)]
    return static, dynamic


def closure(dist, listed, legacy):
    """listed: [(file, via)] -> (initial [(file, via)], async [(file, via)])."""
    initial = list(listed)
    seen = {f for f, _ in initial}
    i = 0
    dynamic = []
    while i < len(initial):
        f, _ = initial[i]
        i += 1
        if not f.endswith('.js'):
            continue
        st, dy = deps(dist, f, legacy)
        for s in st:
            if s not in seen:
                seen.add(s)
                initial.append((s, 'static import of ' + f))
        for d in dy:
            dynamic.append((d, 'import() in ' + f))
    asyncs, aseen = [], set(seen)
    j = 0
    while j < len(dynamic):
        f, via = dynamic[j]
        j += 1
        if f in aseen:
            continue
        aseen.add(f)
        asyncs.append((f, via))
        st, dy = deps(dist, f, legacy)
        for s in st:
            dynamic.append((s, 'static import of async ' + f))
        for d in dy:
            dynamic.append((d, 'import() in async ' + f))
    return initial, asyncs


def listing(dist, items):
    files = []
    total = {'raw': 0, 'gzip': 0, 'brotli': 0}
    for f, via in items:
        s = sizes(os.path.join(dist, f))
        files.append(dict(file=f, via=via, **s))
        for k in total:
            total[k] += s[k]
    return {'files': files, 'total': total, 'count': len(files)}


def url_to_rel(url):
    assert url.startswith('/'), url  # default base '/'
    return url[1:]


def main(fixture):
    dist = os.path.join(fixture, 'dist')
    manifest_path = None
    for cand in ('.vite/manifest.json', 'manifest.json'):
        if os.path.exists(os.path.join(dist, cand)):
            manifest_path = 'dist/' + cand
            break
    manifest = json.load(open(os.path.join(fixture, manifest_path)))
    pkg = json.load(open(os.path.join(fixture, 'package.json')))
    by_file = {}
    for k, v in manifest.items():
        by_file.setdefault(v['file'], []).append(k)

    pages = {}
    for name in sorted(os.listdir(dist)):
        if not name.endswith('.html'):
            continue
        p = Page()
        p.feed(open(os.path.join(dist, name), encoding='utf-8').read())
        modern, legacy = [], []
        legacy_inline_loader = False
        for tag, a, text in p.tags:
            if tag == 'script' and a.get('type') == 'module' and a.get('src'):
                modern.append((url_to_rel(a['src']), 'html:script type=module src'))
            elif tag == 'link' and a.get('rel') == 'modulepreload':
                modern.append((url_to_rel(a['href']), 'html:link rel=modulepreload'))
            elif tag == 'link' and a.get('rel') == 'stylesheet':
                modern.append((url_to_rel(a['href']), 'html:link rel=stylesheet'))
                legacy.append((url_to_rel(a['href']), 'html:link rel=stylesheet'))
            elif tag == 'script' and 'nomodule' in a and a.get('src'):
                legacy.append((url_to_rel(a['src']), 'html:script nomodule src (id=%s)' % a.get('id')))
            elif tag == 'script' and 'nomodule' in a and a.get('data-src'):
                assert 'System.import' in text, text
                legacy.append((url_to_rel(a['data-src']),
                               'html:script nomodule data-src, loaded by inline System.import (id=%s)' % a.get('id')))
            elif tag == 'script' and not a.get('src') and 'System.import' in text and 'vite-legacy-entry' in text:
                legacy_inline_loader = True
        m_init, m_async = closure(dist, modern, legacy=False)
        l_init, l_async = closure(dist, legacy, legacy=True)
        page = {
            'modern': {'initial': listing(dist, m_init), 'async': listing(dist, m_async)},
            'legacy': {'initial': listing(dist, l_init), 'async': listing(dist, l_async)},
        }
        # Page <-> manifest keys, by the file names the HTML names.
        mod_entry = [f for f, via in modern if via == 'html:script type=module src']
        leg_entry = [f for f, via in legacy if 'data-src' in via]
        poly = [f for f, via in legacy if 'nomodule src' in via]
        page['manifest_keys'] = {
            'modern_entry': [k for f in mod_entry for k in by_file.get(f, [])],
            'legacy_entry': [k for f in leg_entry for k in by_file.get(f, [])],
            'legacy_polyfills': [k for f in poly for k in by_file.get(f, [])],
            'modern_initial_files_not_in_manifest_file_fields': sorted(
                f for f, _ in m_init if f not in by_file and not any(f in v.get('css', []) for v in manifest.values())),
        }
        page['notes'] = []
        if legacy_inline_loader:
            page['notes'].append('an inline type=module script (the "modern browser without import.meta/dynamic '
                                 'import" fallback) also loads the polyfills + legacy entry; same files as legacy.initial')
        pages[name] = page

    entries = []
    for k, v in manifest.items():
        entries.append({'key': k, **{f: v[f] for f in ('name', 'src', 'isEntry', 'isDynamicEntry', 'file', 'css',
                                                      'assets', 'imports', 'dynamicImports') if f in v}})
    return {
        'what': 'files a browser loads per HTML page, from dist/*.html and the import statements in the built JS; '
                'see tests/peers/vite-builds/expected_from_html.py',
        'vite': pkg['devDependencies']['vite'],
        'plugin_legacy': pkg['devDependencies']['@vitejs/plugin-legacy'],
        'manifest': manifest_path,
        'sizes': 'raw bytes; gzip = len(gzip.compress(data, 9, mtime=0)); brotli = quality 11, lgwin 22',
        'pages': pages,
        'manifest_entries': entries,
    }


if __name__ == '__main__':
    json.dump(main(sys.argv[1]), sys.stdout, indent=1)
    sys.stdout.write('\n')
