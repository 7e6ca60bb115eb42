#!/usr/bin/env python3
"""Print the Lighthouse version and audit id list of Lighthouse reports.

Research helper for tests/fixtures/lighthouse/renames/ (see its README.md).
It reads, and never changes, its inputs.

Inputs it understands:
  * a Lighthouse result (LHR): a JSON object with "lighthouseVersion" and "audits";
  * a PageSpeed Insights v5 response: {"lighthouseResult": {...LHR...}, ...};
  * a Lighthouse user-flow result (FlowResult): {"name", "steps": [{"name", "lhr"}]};
    every step is listed on its own, with its gatherMode.

Usage:
  audit_ids.py FILE...                      print "<file> <version> <mode> <n>" then the ids
  audit_ids.py --summary FILE...            one line per report, no id list
  audit_ids.py --diff FILE...               ids removed/added between consecutive reports
                                            (reports sorted by lighthouseVersion)
  audit_ids.py --git REPO_GIT_DIR TAG...    read <tag>:(lighthouse-core|core)/test/results/sample_v2.json
                                            from a clone of GoogleChrome/lighthouse instead of files
  audit_ids.py --write-dir DIR ...          also write DIR/ids-<version>.txt (one id per line,
                                            sorted; navigation reports only; the first report
                                            of a version wins)

With no FILE and no --git, it reads this repository's fixtures:
  tests/fixtures/lighthouse/lhr/*.json and tests/fixtures/lighthouse/external/*.json
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
DEFAULT_GLOBS = [
    os.path.join(REPO, 'tests', 'fixtures', 'lighthouse', 'lhr', '*.json'),
    os.path.join(REPO, 'tests', 'fixtures', 'lighthouse', 'external', '*.json'),
]
SAMPLE_PATH_RE = re.compile(r'^(lighthouse-core|core)/test/results/sample_v2\.json$')


def version_key(v):
    parts = re.findall(r'\d+', v or '')
    return tuple(int(p) for p in parts[:3]) if parts else (-1,)


def reports_in(label, doc):
    """Yield (label, version, gatherMode, audit_ids) for each LHR inside doc."""
    if isinstance(doc, dict) and isinstance(doc.get('steps'), list) and 'audits' not in doc:
        for i, step in enumerate(doc['steps']):
            lhr = step.get('lhr') or {}
            yield ('%s#steps[%d] %r' % (label, i, step.get('name')),
                   lhr.get('lighthouseVersion'), lhr.get('gatherMode', 'navigation'),
                   sorted((lhr.get('audits') or {}).keys()))
        return
    if isinstance(doc, dict) and isinstance(doc.get('lighthouseResult'), dict):
        doc = doc['lighthouseResult']
        label += ' (PSI lighthouseResult)'
    if not isinstance(doc, dict) or not isinstance(doc.get('audits'), dict):
        print('%s: not a Lighthouse report, skipped' % label, file=sys.stderr)
        return
    # gatherMode appeared in LHRs with Lighthouse 9.6/10; older ones are navigations.
    yield (label, doc.get('lighthouseVersion'), doc.get('gatherMode', 'navigation'),
           sorted(doc['audits'].keys()))


def load_files(paths):
    for p in paths:
        with open(p, encoding='utf-8') as f:
            doc = json.load(f)
        yield from reports_in(os.path.relpath(p, REPO) if p.startswith(REPO) else p, doc)


def load_git(git_dir, tags):
    for tag in tags:
        names = subprocess.check_output(
            ['git', '--git-dir', git_dir, 'ls-tree', '-r', '--name-only', tag]).decode().splitlines()
        paths = [n for n in names if SAMPLE_PATH_RE.match(n)]
        if not paths:
            print('%s: no sample_v2.json at this tag' % tag, file=sys.stderr)
            continue
        blob = subprocess.check_output(['git', '--git-dir', git_dir, 'show', '%s:%s' % (tag, paths[0])])
        yield from reports_in('%s:%s' % (tag, paths[0]), json.loads(blob))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('files', nargs='*')
    ap.add_argument('--git', metavar='GIT_DIR', help='a GoogleChrome/lighthouse git dir; files are then tags')
    ap.add_argument('--summary', action='store_true')
    ap.add_argument('--diff', action='store_true')
    ap.add_argument('--write-dir')
    args = ap.parse_args()

    if args.git:
        reports = list(load_git(args.git, args.files))
    else:
        files = args.files or sorted(p for g in DEFAULT_GLOBS for p in glob.glob(g))
        reports = list(load_files(files))

    if args.diff:
        navs = sorted((r for r in reports if r[2] == 'navigation'), key=lambda r: version_key(r[1]))
        prev = None
        for label, version, mode, ids in navs:
            if prev is not None and set(ids) != set(prev[3]):
                print('%s -> %s (%s)' % (prev[1], version, label))
                print('  removed: %s' % ' '.join(sorted(set(prev[3]) - set(ids))))
                print('  added:   %s' % ' '.join(sorted(set(ids) - set(prev[3]))))
            prev = (label, version, mode, ids)
    else:
        for label, version, mode, ids in reports:
            print('%s\t%s\t%s\t%d' % (label, version, mode, len(ids)))
            if not args.summary:
                for i in ids:
                    print('  ' + i)

    if args.write_dir:
        os.makedirs(args.write_dir, exist_ok=True)
        written = set()
        for label, version, mode, ids in reports:
            if mode != 'navigation' or not version or version in written:
                continue
            written.add(version)
            with open(os.path.join(args.write_dir, 'ids-%s.txt' % version), 'w', encoding='utf-8') as f:
                f.write(''.join(i + '\n' for i in ids))
    return 0


if __name__ == '__main__':
    sys.exit(main())
