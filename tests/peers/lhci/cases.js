// The oracle-rc cases: each is a lighthouserc (in the form lhci reads it, plus any extends
// bases / budget files beside it), the real reports used as runs (paths relative to
// tests/fixtures/lighthouse), and the `lhci assert` arguments. record-cases.js runs them.
// Cases named lhci-test-* are the cases of lighthouse-ci's packages/utils/test/assertions.test.js
// carried over to real reports.
'use strict';

const rc = assert => ({ci: {assert}});
const three = (site, ff) => [1, 2, 3].map(i => `lhr/${site}-${ff}-${i}.json`);
const LM = three('lean', 'mobile');
const LD = three('lean', 'desktop');
const HM = three('heavy', 'mobile');
const HD = three('heavy', 'desktop');
const IM = three('images', 'mobile');
const ID = three('images', 'desktop');
const LH7 = 'external/lh-subitems-a.json';
const CH8 = 'external/lh-8-0-0-coursehero-a.json';
const CH9A = 'external/lh-9-3-0-coursehero-a.json';
const CH9B = 'external/lh-9-3-0-coursehero-b.json';
const CH10A = 'external/lh-10-1-0-coursehero-a.json';
const CH11A = 'external/lh-11-4-0-coursehero-a.json';
const CH11B = 'external/lh-11-4-0-coursehero-b.json';
const CH12A = 'external/lh-12-0-0-coursehero-a.json';
const CONFIG = ['--config=lighthouserc.json'];

const cases = [];
const add = (name, covers, files, runs, args = CONFIG, extra = {}) =>
  cases.push({name, covers, files, runs, args, ...extra});
const simple = (name, covers, assert, runs, extra) =>
  add(name, covers, {'lighthouserc.json': rc(assert)}, runs, CONFIG, extra);

// ---- presets alone --------------------------------------------------------------------------
for (const preset of ['all', 'recommended', 'no-pwa']) {
  simple(`preset-${preset}-lean-mobile`, `preset lighthouse:${preset} alone, lean site, LH13`, {preset: `lighthouse:${preset}`}, LM);
  simple(`preset-${preset}-heavy-mobile`, `preset lighthouse:${preset} alone, heavy site, LH13`, {preset: `lighthouse:${preset}`}, HM);
}
simple('preset-recommended-heavy-lh10', 'preset lighthouse:recommended on a Lighthouse 10 report (PWA-era audits)', {preset: 'lighthouse:recommended'}, ['lhr/heavy-lh10.json']);
simple('preset-no-pwa-coursehero-lh8', 'preset lighthouse:no-pwa on a Lighthouse 8 report (informative scores null)', {preset: 'lighthouse:no-pwa'}, [CH8]);
simple('preset-invalid-name', 'preset that is not one of the three: yargs rejects it', {preset: 'lighthouse:performance'}, LM);

// ---- preset + assertions ------------------------------------------------------------------
simple('preset-recommended-overrides-off-heavy-mobile',
  'preset with overrides: off (bare and [off]), preset-off audit turned on, level changed',
  {
    preset: 'lighthouse:recommended',
    assertions: {
      'unused-javascript': 'off',
      'render-blocking-insight': ['off'],
      'cache-insight': ['off', {minScore: 0}],
      'first-contentful-paint': ['error', {maxNumericValue: 20000}],
      'largest-contentful-paint': 'error',
      'total-blocking-time': ['warn', {maxNumericValue: 1000}],
      'errors-in-console': 'warn',
    },
  }, HM);
simple('preset-override-merges-elementwise-heavy-mobile',
  'override [level, opts] merges into the preset tuple element-wise; a bare string replaces it',
  {
    preset: 'lighthouse:recommended',
    assertions: {
      'unminified-javascript': ['warn', {minScore: 0.5}],
      'unminified-css': 'warn',
      'unused-css-rules': ['off'],
      'bootup-time': ['error'],
      'mainthread-work-breakdown': ['error', {maxNumericValue: 20000}],
    },
  }, HM);

// ---- assertion forms and options ------------------------------------------------------------
simple('bare-level-heavy-mobile', 'bare level form "audit": "warn"/"error" (implies minScore 0.9)',
  {assertions: {
    'first-contentful-paint': 'warn',
    'errors-in-console': 'error',
    'is-on-https': 'error',
    'total-blocking-time': 'error',
    'bootup-time': 'warn',
    'dom-size-insight': 'error',
    'unsized-images': 'error',
  }}, HM);
simple('minscore-binary-numeric-heavy-mobile', 'minScore on binary, numeric and metricSavings audits',
  {assertions: {
    'errors-in-console': ['error', {minScore: 0}],
    'is-on-https': ['error', {minScore: 1}],
    'meta-description': ['warn', {minScore: 1}],
    'total-blocking-time': ['error', {minScore: 0.1}],
    'cumulative-layout-shift': ['error', {minScore: 0.5}],
    'unsized-images': ['error', {minScore: 0.5}],
    interactive: ['error', {minScore: 0.01}],
  }}, HM);
simple('maxlength-heavy-mobile', 'maxLength (details.items length; 0 without items), combined with minScore/maxNumericValue',
  {assertions: {
    'network-requests': ['error', {maxLength: 5}],
    'render-blocking-insight': ['error', {maxLength: 0}],
    'first-contentful-paint': ['error', {maxLength: 10}],
    'errors-in-console': ['warn', {maxLength: 0}],
    'user-timings': ['error', {maxLength: 0}],
    'unminified-javascript': ['error', {maxLength: 3}],
    'long-tasks': ['error', {maxLength: 2, minScore: 1}],
    'dom-size-insight': ['error', {maxLength: 0, maxNumericValue: 50}],
  }}, HM);
simple('score-display-modes-heavy-mobile', 'notApplicable / informative / manual / binary / numeric / metricSavings on LH13',
  {assertions: {
    'redirects-http': 'error',
    'user-timings': 'error',
    canonical: ['error', {minScore: 1}],
    'non-composited-animations': ['error', {maxNumericValue: 0}],
    'network-requests': 'error',
    'network-rtt': ['error', {maxNumericValue: 1}],
    metrics: 'error',
    'focus-traps': 'error',
    'structured-data': ['warn', {minScore: 0}],
    'use-landmarks': ['error', {maxLength: 0}],
    'is-on-https': 'error',
    'speed-index': 'error',
    'server-response-time': 'error',
  }}, HM);
simple('score-display-modes-coursehero-lh8', 'informative audits with score null (LH8) fail minScore with actual 0',
  {assertions: {
    'network-requests': 'error',
    'user-timings': 'error',
    diagnostics: ['error', {minScore: 0}],
    'screenshot-thumbnails': 'warn',
    'network-rtt': ['error', {maxNumericValue: 100}],
    'focus-traps': 'error',
    'redirects-http': 'error',
  }}, [CH8]);
simple('score-display-mode-error-lh7', 'audits in scoreDisplayMode error (LH7 report)',
  {assertions: {
    'is-on-https': 'error',
    'inspector-issues': ['warn', {maxLength: 0}],
    'first-contentful-paint': ['error', {maxNumericValue: 5000}],
  }}, [LH7]);
simple('score-display-mode-error-unreachable', 'every audit in error and null categories (runtimeError report)',
  {assertions: {
    'is-on-https': 'error',
    'first-contentful-paint': ['error', {maxNumericValue: 2000}],
    'network-requests': ['error', {maxLength: 0}],
    'categories:performance': 'warn',
  }}, ['lhr/error-unreachable.json']);
simple('absent-audit-lh13', 'audits absent from LH13 reports (uses-webp-images, modern-image-formats) and an unknown id',
  {assertions: {
    'uses-webp-images': 'error',
    'modern-image-formats': ['error', {maxLength: 0}],
    'not-a-real-audit': 'error',
    'image-delivery-insight': ['error', {maxLength: 0}],
  }}, HM);
simple('absent-audit-lh7', 'audits absent from a LH7 report (image-delivery-insight, lcp-breakdown-insight)',
  {assertions: {
    'image-delivery-insight': 'error',
    'lcp-breakdown-insight': 'warn',
    'uses-webp-images': ['error', {maxLength: 0}],
  }}, [LH7]);
simple('absent-audit-some-runs-mixed-versions', 'same URL, LH10 + LH12 + LH13 runs: audit absent in some runs only',
  {assertions: {
    'modern-image-formats': ['error', {maxLength: 0}],
    'image-delivery-insight': 'warn',
    'first-contentful-paint': ['error', {maxNumericValue: 20000}],
  }}, ['lhr/heavy-lh10.json', 'lhr/heavy-lh12.json', 'lhr/heavy-mobile-1.json']);
simple('categories-heavy-mobile', 'categories:<id>: maxNumericValue (no value), minScore, bare, dot form, absent category',
  {assertions: {
    'categories:performance': ['error', {maxNumericValue: 0.5}],
    'categories.accessibility': ['error', {minScore: 0.95}],
    'categories:best-practices': 'warn',
    'categories:seo': ['error', {minScore: 0.8, aggregationMethod: 'pessimistic'}],
    'categories:pwa': 'error',
    'categories:agentic-browsing': ['error', {maxLength: 0}],
  }}, HM);
simple('user-timings-lh7-toddle', 'user-timings:<name>: measures (duration), marks (startTime), name normalisation, missing; keys with capitals are silently dropped',
  {assertions: {
    'user-timings:next-js-hydration': ['error', {maxNumericValue: 100}],
    'user-timings.Next.js-before-hydration': ['warn', {maxNumericValue: 3000}],
    'user-timings:beforeRender': ['error', {maxNumericValue: 2000}],
    'user-timings:mark_pe': ['error', {maxNumericValue: 3000}],
    'user-timings:mark-fs': ['error', {minScore: 1}],
    'user-timings:missing-timing': ['error', {maxNumericValue: 10000}],
  }}, [LH7]);
simple('user-timings-partial-coursehero', 'user-timings over LH8 + LH11 runs of one URL: a timing present in some runs only',
  {assertions: {
    'user-timings:GTM-G-HR7CRKGJMD:page_load:to:snippet_load': ['error', {maxNumericValue: 1}],
    'user-timings:gtm-g-hr7crkgjmd:page_load:to:snippet_load': ['error', {maxNumericValue: 500}],
    'user-timings:gtm-g-hr7crkgjmd-container-setup-start-to-container-setup-end': ['error', {maxNumericValue: 1}],
    'user-timings:snaptr': ['warn', {maxNumericValue: 2000}],
    'user-timings': ['warn', {maxLength: 100}],
  }}, [CH8, CH11A, CH11B]);
simple('user-timings-gtm-lh11', 'user-timings on one LH11 run with 166 GTM timings (names with colons and underscores, written as lower-case kebab or with colons)',
  {assertions: {
    'user-timings:gtm-g-hr7crkgjmd:page_load:to:snippet_load': ['error', {maxNumericValue: 500}],
    'user-timings:gtm-g-hr7crkgjmd-container-setup-start-to-container-setup-end': ['error', {maxNumericValue: 5}],
    'user-timings:gtm-g-hr7crkgjmd-container-execute-start-to-container-execute-end': ['warn', {maxNumericValue: 500}],
  }}, [CH11B]);
simple('aggregation-method-per-assertion-heavy-mobile', 'aggregationMethod file-wide (pessimistic) and per assertion (median, optimistic, median-run)',
  {aggregationMethod: 'pessimistic', assertions: {
    'first-contentful-paint': ['error', {maxNumericValue: 16500, aggregationMethod: 'median'}],
    'largest-contentful-paint': ['error', {maxNumericValue: 20800, aggregationMethod: 'optimistic'}],
    'total-blocking-time': ['error', {maxNumericValue: 1700, aggregationMethod: 'median-run'}],
    'cumulative-layout-shift': ['error', {maxNumericValue: 0.31}],
    'speed-index': ['error', {maxNumericValue: 16500}],
    'categories:performance': ['error', {minScore: 0.13, aggregationMethod: 'median-run'}],
    'network-requests': ['error', {maxLength: 9, aggregationMethod: 'median-run'}],
  }}, HM);
simple('mobile-desktop-same-url-lean', 'mobile and desktop runs of one URL form one group (finalUrl only)',
  {assertions: {
    'first-contentful-paint': ['error', {maxNumericValue: 600}],
    'largest-contentful-paint': ['error', {maxNumericValue: 700, aggregationMethod: 'median'}],
    'categories:performance': ['error', {minScore: 1, aggregationMethod: 'pessimistic'}],
  }}, [...LM, ...LD]);
simple('mobile-desktop-same-url-heavy-median-run', 'mobile + desktop runs of one URL with median-run (representative run picked across both)',
  {aggregationMethod: 'median-run', assertions: {
    'first-contentful-paint': ['error', {maxNumericValue: 5000}],
    'total-blocking-time': ['error', {maxNumericValue: 1000}],
    'categories:performance': ['error', {minScore: 0.3}],
  }}, [...HM, ...HD]);
simple('warn-unmeasurable-heavy-mobile', 'warn-level assertions that cannot be measured (no value, manual, absent audit/category)',
  {assertions: {
    'network-requests': ['warn', {maxNumericValue: 10}],
    'focus-traps': 'warn',
    'uses-webp-images': 'warn',
    'categories:pwa': 'warn',
    'non-composited-animations': ['warn', {maxNumericValue: 0}],
    'categories:performance': ['warn', {maxNumericValue: 1}],
  }}, HM);
simple('camelcase-and-kebab-keys-heavy-mobile', 'camelCase audit keys, kebab-case option keys (top level and in tuples), includePassedAssertions in the rc',
  {
    'aggregation-method': 'pessimistic',
    'include-passed-assertions': true,
    assertions: {
      firstContentfulPaint: 'error',
      largestContentfulPaint: ['error', {maxNumericValue: 1}],
      'categories:bestPractices': 'error',
      'total-blocking-time': ['error', {'max-numeric-value': 100000}],
      'speed-index': ['error', {maxNumericValue: 17000}],
    },
  }, HM);
simple('unknown-option-keys-heavy-mobile', 'unknown option keys and lower-cased option names are ignored (default minScore 0.9 applies); unknown top-level key "assertion" ignored',
  {
    assertion: {'speed-index': 'error'},
    assertions: {
      'first-contentful-paint': ['error', {maxnumericvalue: 1}],
      'largest-contentful-paint': ['error', {maxNumericValue: 30000, bogus: 1}],
    },
  }, HM);
simple('unknown-levels-heavy-mobile', 'levels other than "warn"/"error"/"off" ("info", "ERROR", "Warn"): failures are printed but never fail the run',
  {assertions: {
    'speed-index': ['info', {maxNumericValue: 1}],
    interactive: 'ERROR',
    'total-blocking-time': ['Warn', {maxNumericValue: 1}],
  }}, HM);
simple('resource-summary-heavy-mobile', 'resource-summary:<type>:<size|count> (transferSize when no size), dot and colon forms',
  {assertions: {
    'resource-summary:script:size': ['error', {maxNumericValue: 2000000}],
    'resource-summary.total.count': ['error', {maxNumericValue: 5}],
    'resource-summary:image.size': ['warn', {maxNumericValue: 1000}],
    'resource-summary:font:count': ['error', {maxNumericValue: 0}],
    'resource-summary:wasm:count': ['error', {maxNumericValue: 0}],
  }}, HM);
simple('resource-summary-invalid-key', 'resource-summary:<type> without size/count: lhci throws', {assertions: {'resource-summary:script': ['error', {maxNumericValue: 1}]}}, HM);

// ---- URL grouping, matchingUrlPattern, assertMatrix ------------------------------------------
simple('matching-url-pattern-heavy', 'matchingUrlPattern: only runs whose finalUrl matches (unanchored RegExp) are asserted',
  {matchingUrlPattern: 'heavy', assertions: {'first-contentful-paint': ['error', {maxNumericValue: 1000}]}}, [...LM, ...HM]);
simple('matching-url-pattern-anchored-no-match', 'matchingUrlPattern with $ that matches nothing: no assertions, exit 0',
  {matchingUrlPattern: '/heavy$', assertions: {'first-contentful-paint': ['error', {maxNumericValue: 1000}]}}, [...LM, ...HM]);
simple('assert-matrix', 'assertMatrix: entries with own pattern, aggregationMethod, preset-free assertions; an entry without pattern',
  {assertMatrix: [
    {matchingUrlPattern: '/lean/', assertions: {'first-contentful-paint': ['error', {maxNumericValue: 650}]}},
    {matchingUrlPattern: '127\\.0\\.0\\.1:8901/(heavy|images)/$', aggregationMethod: 'pessimistic',
      assertions: {'categories:performance': ['warn', {minScore: 0.7}], 'largest-contentful-paint': ['error', {maxNumericValue: 25000}]}},
    {assertions: {'cumulative-layout-shift': ['error', {maxNumericValue: 0.25}]}},
  ]}, [LM[0], LM[1], HM[0], HM[1], IM[0], IM[1]]);
simple('assert-matrix-with-preset-entry', 'assertMatrix entry with its own preset (merged per entry)',
  {assertMatrix: [
    {matchingUrlPattern: 'lean', preset: 'lighthouse:no-pwa', assertions: {'first-contentful-paint': 'off'}},
    {matchingUrlPattern: 'images', assertions: {'largest-contentful-paint': ['error', {maxNumericValue: 8000}]}},
  ]}, [...LD, ...ID]);
simple('assert-matrix-with-other-options', 'assertMatrix together with aggregationMethod: lhci throws',
  {aggregationMethod: 'median', assertMatrix: [{assertions: {'first-contentful-paint': 'error'}}]}, LM);

// ---- budgetsFile ---------------------------------------------------------------------------
const budgetAnchored = [
  {path: '/lean/$', timings: [{metric: 'first-contentful-paint', budget: 500}], resourceSizes: [{resourceType: 'total', budget: 1}]},
  {path: '/heavy$', resourceSizes: [{resourceType: 'total', budget: 100}]},
  {path: '/*', resourceCounts: [{resourceType: 'total', budget: 5}]},
  {path: '/images/', timings: [{metric: 'largest-contentful-paint', budget: 5000}]},
];
add('budgets-file-anchored-paths', 'budgetsFile: paths with $ (one matching, one not because of the trailing slash), /*, plain prefix; every matching budget applies',
  {'lighthouserc.json': rc({budgetsFile: 'budget.json'}), 'budget.json': budgetAnchored}, [LM[0], HM[0], IM[0]]);
add('budgets-file-path-relative-to-cwd', 'budgetsFile is resolved against the cwd, not the rc file (rc in conf/)',
  {'conf/lighthouserc.json': rc({budgetsFile: 'conf/budget.json'}), 'conf/budget.json': [{resourceSizes: [{resourceType: 'script', budget: 1000}]}]},
  HM, ['--config=conf/lighthouserc.json']);
add('budgets-file-beside-rc-not-found', 'budgetsFile written relative to the rc file (conf/) is not found: lhci throws ENOENT',
  {'conf/lighthouserc.json': rc({budgetsFile: 'budget.json'}), 'conf/budget.json': [{resourceSizes: [{resourceType: 'script', budget: 1000}]}]},
  HM, ['--config=conf/lighthouserc.json']);
add('budgets-file-with-assertions', 'budgetsFile together with assertions: lhci throws',
  {'lighthouserc.json': rc({budgetsFile: 'budget.json', assertions: {'first-contentful-paint': 'error'}}), 'budget.json': [{resourceSizes: [{resourceType: 'script', budget: 1000}]}]}, LM);
add('budgets-file-invalid-path', 'budget path with $ in the middle: Lighthouse budget validation throws',
  {'lighthouserc.json': rc({budgetsFile: 'budget.json'}), 'budget.json': [{path: '/a$/b', resourceSizes: [{resourceType: 'script', budget: 1000}]}]}, LM);

// ---- extends ------------------------------------------------------------------------------
add('extends-one-level', 'extends one base: child assertions merge over the base (tuples element-wise), base aggregationMethod kept',
  {
    'lighthouserc.json': {ci: {extends: './base.json', assert: {assertions: {
      'first-contentful-paint': ['warn'],
      'categories:performance': 'off',
      'total-blocking-time': ['error', {maxNumericValue: 50}],
    }}}},
    'base.json': {ci: {assert: {aggregationMethod: 'median', assertions: {
      'first-contentful-paint': ['error', {maxNumericValue: 500}],
      'largest-contentful-paint': ['warn', {maxNumericValue: 900}],
      'categories:performance': ['error', {minScore: 1}],
    }}}},
  }, LM);
add('extends-chain', 'extends chain of two (rc -> mid.json -> base.json); nearer files win',
  {
    'lighthouserc.json': {ci: {extends: './mid.json', assert: {assertions: {
      'largest-contentful-paint': ['error', {maxNumericValue: 21000}],
    }}}},
    'mid.json': {ci: {extends: './base.json', assert: {aggregationMethod: 'optimistic', assertions: {
      'first-contentful-paint': ['error', {maxNumericValue: 16500}],
      'speed-index': 'warn',
    }}}},
    'base.json': {ci: {assert: {aggregationMethod: 'pessimistic', assertions: {
      'first-contentful-paint': ['error', {maxNumericValue: 1000}],
      'largest-contentful-paint': ['error', {maxNumericValue: 1000}],
      'total-blocking-time': ['error', {maxNumericValue: 1000}],
    }}}},
  }, HM);
add('extends-subfolder', 'extends "configs/team.json" whose own extends "./base.json" resolves in configs/, not the cwd (a decoy base.json sits in the cwd); rc found by discovery',
  {
    'lighthouserc.json': {ci: {extends: 'configs/team.json'}},
    'configs/team.json': {ci: {extends: './base.json', assert: {assertions: {'largest-contentful-paint': ['error', {maxNumericValue: 800}]}}}},
    'configs/base.json': {ci: {assert: {assertions: {'first-contentful-paint': ['error', {maxNumericValue: 600}]}}}},
    'base.json': {ci: {assert: {assertions: {'categories:accessibility': ['error', {minScore: 1.1}]}}}},
  }, LM, []);
add('extends-from-rc-in-subfolder', '--config=ci/lighthouserc.json extending "../shared/base.yml": resolved against the rc file directory',
  {
    'ci/lighthouserc.json': {ci: {extends: '../shared/base.yml', assert: {assertions: {'speed-index': ['error', {maxNumericValue: 700}]}}}},
    'shared/base.yml': 'ci:\n  assert:\n    assertions:\n      first-contentful-paint: [error, {maxNumericValue: 600}]\n',
  }, LM, ['--config=ci/lighthouserc.json']);
add('extends-mixed-formats', 'JSON extends YAML extends JS (each loaded by its extension)',
  {
    'lighthouserc.json': {ci: {extends: './base.yml', assert: {assertions: {'largest-contentful-paint': ['error', {maxNumericValue: 3000}]}}}},
    'base.yml': 'ci:\n  extends: ./root.js\n  assert:\n    assertions:\n      first-contentful-paint: [error, {maxNumericValue: 2000}]\n',
    'root.js': "module.exports = {ci: {assert: {aggregationMethod: 'median', assertions: {'total-blocking-time': ['error', {maxNumericValue: 200}]}}}};\n",
  }, HD);
add('extends-cycle', 'extends cycle (lighthouserc.json -> other.json -> lighthouserc.json) with --config',
  {
    'lighthouserc.json': {ci: {extends: './other.json', assert: {assertions: {'first-contentful-paint': 'error'}}}},
    'other.json': {ci: {extends: './lighthouserc.json'}},
  }, LM);
add('extends-cycle-discovered', 'the same extends cycle with the rc found by discovery (no --config)',
  {
    'lighthouserc.json': {ci: {extends: './other.json', assert: {assertions: {'first-contentful-paint': 'error'}}}},
    'other.json': {ci: {extends: './lighthouserc.json'}},
  }, LM, []);
add('extends-missing-file', 'extends a file that does not exist, with --config',
  {'lighthouserc.json': {ci: {extends: './nope.json', assert: {assertions: {'first-contentful-paint': 'error'}}}}}, LM);

// ---- file forms and discovery ----------------------------------------------------------------
add('yaml-form-discovered', '.lighthouserc.yml found by discovery; dotted keys become colons; YAML flow and block tuples',
  {'.lighthouserc.yml': [
    '# lighthouserc in YAML',
    'ci:',
    '  assert:',
    '    aggregationMethod: median',
    '    assertions:',
    '      categories.performance: [error, {minScore: 0.9}]',
    '      first-contentful-paint:',
    '        - error',
    '        - maxNumericValue: 2000',
    '      errors-in-console: warn',
    '      resource-summary.script.size: [error, {maxNumericValue: 100000}]',
    '',
  ].join('\n')}, HD, []);
add('yaml-form-config', 'lighthouserc.yaml passed with --config',
  {'lighthouserc.yaml': 'ci:\n  assert:\n    preset: "lighthouse:no-pwa"\n    assertions:\n      unused-javascript: "off"\n      largest-contentful-paint: [warn, {maxNumericValue: 300}]\n'},
  LD, ['--config=lighthouserc.yaml']);
add('js-form-discovered', 'lighthouserc.js found by discovery (require()d, computed values, dotted keys)',
  {'lighthouserc.js': [
    "const fcpBudget = 1000 * 2;",
    "module.exports = {",
    "  ci: {",
    "    assert: {",
    "      assertions: {",
    "        'first-contentful-paint': ['error', {maxNumericValue: fcpBudget}],",
    "        'categories.performance': ['warn', {minScore: 0.95}],",
    "        'resource-summary.script.count': ['error', {maxNumericValue: 3}],",
    "      },",
    "    },",
    "  },",
    "};",
    '',
  ].join('\n')}, HD, []);
const fcp = v => rc({assertions: {'first-contentful-paint': ['error', {maxNumericValue: v}]}});
const fcpJs = v => `module.exports = ${JSON.stringify(fcp(v))};\n`;
const fcpYaml = v => `ci:\n  assert:\n    assertions:\n      first-contentful-paint: [error, {maxNumericValue: ${v}}]\n`;
add('discovery-order-cjs-first', 'discovery with .lighthouserc.cjs, lighthouserc.js, .lighthouserc.json, lighthouserc.yml present: .lighthouserc.cjs is used (FCP budget 101)',
  {'.lighthouserc.cjs': fcpJs(101), 'lighthouserc.js': fcpJs(102), '.lighthouserc.json': fcp(103), 'lighthouserc.yml': fcpYaml(104)}, LM, []);
add('discovery-order-js-before-json', 'discovery with .lighthouserc.js, lighthouserc.js, lighthouserc.json: .lighthouserc.js is used (FCP budget 201)',
  {'.lighthouserc.js': fcpJs(201), 'lighthouserc.js': fcpJs(202), 'lighthouserc.json': fcp(203)}, LM, []);
add('discovery-order-dot-json-first', 'discovery with .lighthouserc.json, lighthouserc.json, .lighthouserc.yml, lighthouserc.yaml: .lighthouserc.json is used (FCP budget 301)',
  {'.lighthouserc.json': fcp(301), 'lighthouserc.json': fcp(302), '.lighthouserc.yml': fcpYaml(303), 'lighthouserc.yaml': fcpYaml(304)}, LM, []);
add('discovery-order-yml-before-yaml', 'discovery with lighthouserc.yml, .lighthouserc.yaml, lighthouserc.yaml: lighthouserc.yml is used (FCP budget 401)',
  {'lighthouserc.yml': fcpYaml(401), '.lighthouserc.yaml': fcpYaml(402), 'lighthouserc.yaml': fcpYaml(403)}, LM, []);
add('discovery-not-in-parent-dir', 'rc file only in the parent of the cwd: not found (discovery is not recursive)',
  {'lighthouserc.json': fcp(100)}, LM, [], {cwd: 'sub'});
add('discovery-none', 'no rc file and no --config: "No assertions to use"', {}, LM, []);
// Not in the corpus: perfgate has no --no-lighthouserc (name a budget with --budget instead).
// add('no-lighthouserc-flag', '--no-lighthouserc ignores a present lighthouserc.json', {'lighthouserc.json': fcp(100)}, LM, ['--no-lighthouserc']);
add('rc-top-level-keys', 'rc with both "ci" and "lhci": lhci.assert replaces ci.assert wholesale (shallow)',
  {'lighthouserc.json': {
    ci: {assert: {assertions: {'first-contentful-paint': ['error', {maxNumericValue: 1}]}}},
    lhci: {assert: {assertions: {'largest-contentful-paint': ['error', {maxNumericValue: 1}]}}},
  }}, LM);

// ---- lighthouse-ci packages/utils/test/assertions.test.js on real reports -------------------
simple('lhci-test-audit-did-not-run', 'test "should fail on assertion for audit that did not run" ({missing: error})', {assertions: {missing: 'error'}}, LM);
simple('lhci-test-pass-assertions', 'tests "should pass assertions" / "should return passed assertions with flag" (see -with-passed)',
  {assertions: {
    'first-contentful-paint': ['error', {minScore: 0.5}],
    'network-requests': ['warn', {maxLength: 10}],
    'cumulative-layout-shift': ['error', {maxNumericValue: 1}],
  }}, LM);
simple('lhci-test-assert-audit-failures', 'test "should assert audit failures"',
  {assertions: {
    'first-contentful-paint': ['error', {minScore: 0.9}],
    'network-requests': ['warn', {maxLength: 1}],
    'speed-index': ['error', {maxNumericValue: 2000}],
  }}, IM);
simple('lhci-test-assert-category-failures', 'test "should assert category failures" (categories.pwa warn, categories:performance error) on two LH10 runs',
  {assertions: {'categories.pwa': 'warn', 'categories:performance': 'error'}}, ['lhr/heavy-lh10.json', 'lhr/heavy-lh10-budget.json']);
simple('lhci-test-default-minscore', 'test "should use minScore = 0.9 by default"',
  {assertions: {'first-contentful-paint': ['warn', {aggregationMethod: 'optimistic'}]}}, IM);
simple('lhci-test-default-items-length', 'test "should assume a default items length of 0" (rc sets includePassedAssertions)',
  {includePassedAssertions: true, assertions: {'first-contentful-paint': ['error', {maxLength: 10}]}}, LM);
simple('lhci-test-incorrect-assertion-type', 'test "should warn on incorrect assertion type" (maxNumericValue on network-requests)',
  {assertions: {'network-requests': ['error', {maxNumericValue: 10}]}}, LM);
simple('lhci-test-not-applicable', 'test "should respect notApplicable" (user-timings notApplicable)', {assertions: {'user-timings': 'error'}}, LM);
simple('lhci-test-informative', 'test "should respect informative" (LH9 informative score null -> 0)', {assertions: {'network-requests': 'error'}}, [CH9A, CH9B]);
simple('lhci-test-informative-lh13', 'the same on LH13, whose informative audits carry score 1', {assertions: {'network-requests': 'error'}}, LM);
simple('lhci-test-dedupe-camelcase', 'test "should de-dupe camelcase audits"',
  {assertions: {
    firstContentfulPaint: ['warn', {aggregationMethod: 'optimistic', minScore: 1}],
    'first-contentful-paint': ['warn', {aggregationMethod: 'optimistic', minScore: 1}],
  }}, IM);
simple('lhci-test-audit-title-and-doc-link', 'tests "title and documentation": auditTitle / auditDocumentationLink from the first failing run (LH10 vs LH13 descriptions)',
  {aggregationMethod: 'pessimistic', assertions: {
    'first-contentful-paint': 'warn',
    'cumulative-layout-shift': 'warn',
    'largest-contentful-paint': 'warn',
    'errors-in-console': 'warn',
  }}, ['lhr/heavy-lh10.json', 'lhr/heavy-mobile-1.json']);
const aggAssertions = method => ({
  'first-contentful-paint': ['warn', method ? {aggregationMethod: method, minScore: 1} : {minScore: 1}],
  'network-requests': ['warn', method ? {aggregationMethod: method, maxLength: 1} : {maxLength: 1}],
});
simple('lhci-test-aggregation-default-optimistic', 'test "should default to aggregationMethod optimistic"', {assertions: aggAssertions()}, IM);
for (const m of ['optimistic', 'pessimistic', 'median']) {
  simple(`lhci-test-aggregation-${m}`, `test "should use aggregationMethod ${m}"`, {assertions: aggAssertions(m)}, IM);
}
simple('lhci-test-aggregation-median-run', 'test "should use aggregationMethod median-run" (value of the representative run only)',
  {assertions: {'bootup-time': ['warn', {aggregationMethod: 'median-run', maxNumericValue: 1000}]}}, IM);
simple('lhci-test-aggregation-file-wide-default', 'test "should use file-wide default when set"',
  {aggregationMethod: 'pessimistic', assertions: {'first-contentful-paint': ['warn', {minScore: 1}], 'network-requests': ['warn', {maxLength: 1}]}}, IM);
simple('lhci-test-aggregation-override-file-wide', 'test "should override file-wide default when set"',
  {aggregationMethod: 'median', assertions: {'first-contentful-paint': ['warn', {minScore: 1, aggregationMethod: 'pessimistic'}], 'network-requests': ['warn', {maxLength: 1}]}}, IM);
for (const m of ['optimistic', 'median', 'pessimistic']) {
  simple(`lhci-test-partial-failure-${m}`, `test "should handle partial failure with mode ${m}" (uses-rel-preconnect numericValue missing in the LH10 run)`,
    {assertions: {'uses-rel-preconnect': ['warn', {aggregationMethod: m, maxNumericValue: 100}]}}, [CH8, CH9B, CH10A]);
}
simple('lhci-test-preset-with-changes', 'test "should use the preset with changes" (lighthouse:all + FCP warn pessimistic minScore 0.6)',
  {preset: 'lighthouse:all', assertions: {'first-contentful-paint': ['warn', {aggregationMethod: 'pessimistic', minScore: 0.6}]}}, IM);
simple('lhci-test-preset-as-is', 'test "should use the preset as-is" (lighthouse:all)', {preset: 'lighthouse:all'}, IM);
simple('lhci-test-budgets-ui', 'tests "budgets UI" / "budgets v6 UI": performance-budget rows (transferSize), same report twice for de-duping',
  {assertions: {'performance-budget': 'error'}}, ['lhr/heavy-lh10-budget.json', 'lhr/heavy-lh10-budget.json']);
add('lhci-test-budgets-native', 'test "should assert budgets natively" (budget without path: font/third-party counts, document size)',
  {'lighthouserc.json': rc({budgetsFile: 'budget.json'}), 'budget.json': [{
    resourceCounts: [{resourceType: 'font', budget: 1}, {resourceType: 'third-party', budget: 5}],
    resourceSizes: [{resourceType: 'document', budget: 1}],
  }]}, [CH12A, CH12A]);
simple('lhci-test-budgets-after-the-fact', 'tests "should assert (v6) budgets after the fact": resource-summary keys with . and : mixed',
  {assertions: {
    'resource-summary.document.size': ['error', {maxNumericValue: 400}],
    'resource-summary:font.count': ['warn', {maxNumericValue: 1}],
    'resource-summary:third-party.count': ['warn', {maxNumericValue: 5}],
  }}, [CH12A, CH12A]);
simple('lhci-test-user-timings', 'test "should assert user timing keys" (names normalised; . and : separators; missing timing)',
  {assertions: {
    'user-timings.next-js-hydration': ['error', {maxNumericValue: 100}],
    'user-timings.next-js-before-hydration': ['warn', {maxNumericValue: 3000}],
    'user-timings:after-hydrate': ['warn', {maxNumericValue: 2000}],
    'user-timings:mark-pe': ['error', {maxNumericValue: 10000}],
    'user-timings:missing-timing': ['error', {maxNumericValue: 10000}],
  }}, [LH7, LH7]);
simple('lhci-test-url-grouping-separate', 'test "should report for URLs separately"',
  {assertions: {'first-contentful-paint': ['error', {minScore: 0.9}]}}, [...IM, ...HM]);
simple('lhci-test-url-grouping-filter', 'test "should filter to matching URLs" (matchingUrlPattern .*heavy.*)',
  {matchingUrlPattern: '.*heavy.*', assertions: {'first-contentful-paint': ['error', {minScore: 0.9}]}}, [...IM, ...HM]);
simple('lhci-test-url-grouping-no-match', 'test "should work when no filter matches"',
  {matchingUrlPattern: 'this-will-never-match-anything', assertions: {'first-contentful-paint': ['error', {minScore: 0.9}]}}, [...IM, ...HM]);
simple('lhci-test-assert-matrix', 'test "should support multiple assertion sets"',
  {assertMatrix: [
    {matchingUrlPattern: '.*/images/', assertions: {'first-contentful-paint': ['error', {minScore: 0.9}]}},
    {matchingUrlPattern: '.*/heavy/', assertions: {'first-contentful-paint': ['error', {minScore: 0.95}]}},
  ]}, [...IM, ...HM]);
simple('lhci-test-assert-matrix-with-other-options', 'test "should throw when trying to use assertMatrix with other options" ({assertMatrix: [], matchingUrlPattern: "", assertions: {}}): in the CLI yargs drops the empty object, so lhci does not throw',
  {assertMatrix: [], matchingUrlPattern: '', assertions: {}}, LM);
add('lhci-test-assert-matrix-unrelated-options', 'test "should not throw ... with other unrelated options" (collect/upload sections beside assertMatrix)',
  {'lighthouserc.json': {ci: {
    collect: {numberOfRuns: 3},
    upload: {target: 'temporary-public-storage', serverBaseUrl: ''},
    assert: {assertMatrix: [{matchingUrlPattern: 'lean', assertions: {'first-contentful-paint': ['error', {maxNumericValue: 100}]}}]},
  }}}, LM);

// ---- public configs ----------------------------------------------------------------------------
// Real lighthouserc files from public GitHub repositories, copied verbatim (origin: repository,
// commit, path). Only the -on-our-pages variant is edited (see its comment).
const PUBLIC = [];
const pub = (name, origin, covers, files, runs, args) => {
  PUBLIC.push({name, ...origin});
  add(name, covers, files, runs, args);
};
// nasa/openmct @ 255cbcc3d4e20b34a4d8422b6e127b8844682c78: lighthouserc.yml
pub("public-nasa-openmct", {"repo": "nasa/openmct", "commit": "255cbcc3d4e20b34a4d8422b6e127b8844682c78", "paths": ["lighthouserc.yml"], "licence": "not checked"},
  "real YAML rc: lighthouse:recommended with ~70 overrides (quoted 'off', bare warn), a 4-element tuple [warn, {maxLength: 1}, error, {maxNumericValue: 2000}], dom-size maxNumericValue, categories:* off",
  {
  "lighthouserc.yml": `---
ci:
  collect:
    urls:
    - http://localhost/
    numberOfRuns: 5
    settings:
      onlyCategories:
      - performance
      - best-practices
  upload:
    target: temporary-public-storage
  assert:
    preset: lighthouse:recommended
    assertions:
      bootup-time:
      - warn
      - minScore: 0.88
      dom-size: 
      - error
      - maxNumericValue: 200 #Original value was calculated at 188
      first-contentful-paint:
      - error
      - minScore: 0.07 #Original value was calculated at 0.08
      mainthread-work-breakdown:
      - warn
      - minScore: 0.8 #Original value was calculated at 0.8
      unused-javascript:
      - warn
      - maxLength: 1
      - error
      - maxNumericValue: 2000
      ### Disabled seo, accessibility, and pwa assertions, below
      categories:seo: 'off'
      categories:accessibility: 'off'
      categories:pwa: 'off'
      accesskeys: 'off'
      apple-touch-icon: 'off'
      aria-allowed-attr: 'off'
      aria-command-name: 'off'
      aria-hidden-body: 'off'
      aria-hidden-focus: 'off'
      aria-input-field-name: 'off'
      aria-meter-name: 'off'
      aria-progressbar-name: 'off'
      aria-required-attr: 'off'
      aria-required-children: 'off'
      aria-required-parent: 'off'
      aria-roles: 'off'
      aria-toggle-field-name: 'off'
      aria-tooltip-name: 'off'
      aria-treeitem-name: 'off'
      aria-valid-attr: 'off'
      aria-valid-attr-value: 'off'
      button-name: 'off'
      bypass: 'off'
      canonical: 'off'
      color-contrast: 'off'
      content-width: 'off'
      crawlable-anchors: 'off'
      csp-xss: 'off'
      font-display: 'off'
      font-size: 'off'
      maskable-icon: 'off'
      heading-order: 'off'
      hreflang: 'off'
      html-has-lang: 'off'
      html-lang-valid: 'off'
      http-status-code: 'off'
      image-alt: 'off'
      input-image-alt: 'off'
      installable-manifest: warn
      is-crawlable: 'off'
      label: 'off'
      link-name: 'off'
      link-text: 'off'
      list: 'off'
      listitem: 'off'
      meta-description: 'off'
      meta-refresh: 'off'
      meta-viewport: 'off'
      object-alt: 'off'
      plugins: 'off'
      robots-txt: 'off'
      service-worker: warn
      splash-screen: 'off'
      tabindex: 'off'
      tap-targets: 'off'
      td-headers-attr: 'off'
      th-has-data-cells: 'off'
      themed-omnibox: 'off'
      unused-css-rules: warn
      valid-lang: 'off'
      video-caption: 'off'
      viewport: 'off'
`,
  }, HM, ['--config=lighthouserc.yml']);
// SAP/spartacus @ 0099a7f4abb16cc89ba963e38855b4f444bc5f21: .lighthouserc.yml
pub("public-sap-spartacus", {"repo": "SAP/spartacus", "commit": "0099a7f4abb16cc89ba963e38855b4f444bc5f21", "paths": [".lighthouserc.yml"], "licence": "not checked"},
  "real YAML rc: recommended + per-audit minScore overrides, LH13 insight audits, a 3-element tuple [warn, {maxLength: 7}, {minScore: 0.19}] (third element)",
  {
  ".lighthouserc.yml": `ci:
  collect:
    numberOfRuns: 3
    url:
       - http://localhost:4000
       - http://localhost:4000/electronics-spa/en/USD/Brands/Canon/c/brand_10
       - http://localhost:4000/electronics-spa/en/USD/product/832386/ef-300mm-f-2.8l-is-usm
    startServerCommand: 'npm run serve:ssr'
  assert:
    preset: lighthouse:recommended
    assertions:
      aria-allowed-attr: 'warn'
      bootup-time:
        - warn
        - minScore: 0.44
      button-name: 'warn'
      color-contrast: 'warn'
      csp-xss: 'warn'
      cumulative-layout-shift:
        - warn
        - minScore: 0.03 
        # - minScore: 0.02 
      errors-in-console: 'warn'
      first-contentful-paint:
        - warn
        - minScore: 0.3
      font-display: 'warn'
      image-alt: 'warn'
      image-size-responsive: 'warn'
      interactive:
        - warn
        - minScore: 0.04
      largest-contentful-paint: 'warn'
      legacy-javascript: 'warn'
      link-name: 'warn'
      mainthread-work-breakdown:
        - warn
        - minScore: 0.14
      document-latency-insight: 'warn'
      network-dependency-tree-insight: 'warn'
      meta-description: 'warn'
      modern-image-formats: 'warn'
      non-composited-animations: 'warn'
      offscreen-images: 'warn'
      render-blocking-resources:
        - warn
        - maxLength: 2
      robots-txt: 'warn'
      server-response-time: 'warn'
      speed-index:
        - warn
        - minScore: 0.1
      total-byte-weight:
        - warn
        - minScore: 0.55
      unminified-javascript: 'warn'
      unsized-images: 'warn'
      unused-css-rules:
        - warn
        - maxLength: 7
        - minScore: 0.19
      unused-javascript: 'warn'
      uses-optimized-images: 'warn'
      uses-rel-preconnect: 'warn'
      valid-source-maps: 'warn'
      uses-text-compression: 'warn'
      inspector-issues: 'warn'
`,
  }, IM, ['--config=.lighthouserc.yml']);
// bbc/simorgh @ 07e3f524e6b368357988c57abaaa7bafb1da9a6f: .lighthouserc.yml
pub("public-bbc-simorgh", {"repo": "bbc/simorgh", "commit": "07e3f524e6b368357988c57abaaa7bafb1da9a6f", "paths": [".lighthouserc.yml"], "licence": "LICENSE file in repo (not read)"},
  "real YAML rc: recommended with unquoted `off` overrides (YAML 1.1 boolean in js-yaml) and an unknown `skipAudits` key inside assert",
  {
  ".lighthouserc.yml": `ci:
  collect:
    numberOfRuns: 1
    startServerCommand: npm start
    url:
      - http://localhost:7080/mundo # Frontpage
      - http://localhost:7080/news/articles/c0g992jmmkko # Article
      - http://localhost:7080/mundo/23263889 # CPS STY
      - http://localhost:7080/pidgin/sport-23252855 # CPS PGL
  assert:
    preset: lighthouse:recommended
    assertions:
      # Disable PWA stuff
      installable-manifest: off
      offline-start-url: off
      service-worker: off
      splash-screen: off
      themed-omnibox: off
      works-offline: off
    skipAudits:
      - is-on-https
  upload:
    target: temporary-public-storage
`,
  }, LM, ['--config=.lighthouserc.yml']);
// patternfly/patternfly-elements @ 1d11f102c9828225eb529f623f2262322e25f7ab: .lighthouserc.yml
pub("public-patternfly-patternfly-elements", {"repo": "patternfly/patternfly-elements", "commit": "1d11f102c9828225eb529f623f2262322e25f7ab", "paths": [".lighthouserc.yml"], "licence": "not checked"},
  "real YAML rc, discovered (.lighthouserc.yml): lighthouse:no-pwa with unquoted `off` for categories:seo and two audits",
  {
  ".lighthouserc.yml": `ci:
  assert:
    preset: lighthouse:no-pwa
    assertions:
      categories:seo: off
      csp-xss: off
      is-crawlable: off
`,
  }, LD, []);
// GoogleChromeLabs/react-shrine @ 3ce078f641577ddcc2c02c4d4d279e99f98822fb: lighthouserc.yml
pub("public-googlechromelabs-react-shrine", {"repo": "GoogleChromeLabs/react-shrine", "commit": "3ce078f641577ddcc2c02c4d4d279e99f98822fb", "paths": ["lighthouserc.yml"], "licence": "not checked"},
  "real YAML rc on two LH10 runs: recommended, audits off, minScore 0 at error, maxNumericValue with per-assertion aggregationMethod",
  {
  "lighthouserc.yml": `ci:
  collect:
    numberOfRuns: 2
    startServerCommand: npm start
    url:
      - http://localhost:3000/
  upload:
    target: temporary-public-storage
  assert:
    preset: lighthouse:recommended
    assertions:
      offscreen-images: 'off'
      uses-webp-images: 'off'
      color-contrast: 'off'
      apple-touch-icon: 'off'
      uses-text-compression: 'off'
      uses-responsive-images: 'off'
      uses-rel-preconnect: 'off'
      unused-javascript: 'off'
      robots-txt:
        - error
        - minScore: 0
      maskable-icon:
        - error
        - minScore: 0
      image-size-responsive:
        - error
        - minScore: 0
      font-size:
        - error
        - minScore: 0
      font-display:
        - error
        - minScore: 0
      first-contentful-paint:
        - error
        - maxNumericValue: 3000
          aggregationMethod: optimistic
      interactive:
        - error
        - maxNumericValue: 5000
          aggregationMethod: optimistic
`,
  }, ['lhr/heavy-lh10.json', 'lhr/heavy-lh10-budget.json'], ['--config=lighthouserc.yml']);
// CDCgov/prime-simplereport @ 0e1c87c9c096f0d33b96367f4c47be513be77b12: lighthouserc.yml
pub("public-cdcgov-prime-simplereport", {"repo": "CDCgov/prime-simplereport", "commit": "0e1c87c9c096f0d33b96367f4c47be513be77b12", "paths": ["lighthouserc.yml"], "licence": "not checked"},
  "real YAML rc: flow-style tuples [warn, {minScore: 0.8}] on categories, no trailing newline",
  {
  "lighthouserc.yml": `ci:
  collect:
    numberOfRuns: 1
    startServerCommand: yarn start
    url: https://localhost:3000
  upload:
    target: filesystem
    outputDir: ./lhci
  assert:
    assertions:
      categories:performance: [warn, {minScore: 0.8}]
      categories:accessibility: [error, {minScore: 1}]`,
  }, ID, ['--config=lighthouserc.yml']);
// Ofadiman/lighthouse-reporting @ 185b9ff85f918d96b3fa56f605777c2aeba82d47: lighthouserc.js
pub("public-ofadiman-lighthouse-reporting", {"repo": "Ofadiman/lighthouse-reporting", "commit": "185b9ff85f918d96b3fa56f605777c2aeba82d47", "paths": ["lighthouserc.js"], "licence": "none visible"},
  "real JS rc: assertMatrix whose first entry has its own preset (no-pwa) and pattern `/*`, second `/support` (matches none of our pages); numeric separators 100_000; resource-summary",
  {
  "lighthouserc.js": `module.exports = {
  ci: {
    assert: {
      assertMatrix: [
        {
          matchingUrlPattern: '/*',
          preset: 'lighthouse:no-pwa',
          assertions: {
            'csp-xss': 'warn',
            'largest-contentful-paint': 'warn',
            'resource-summary:document:size': ['warn', { maxNumericValue: 100_000 }],
            'resource-summary:font:count': ['warn', { maxNumericValue: 1 }],
          },
        },
        {
          matchingUrlPattern: '/support',
          assertions: {
            'resource-summary:document:size': ['warn', { maxNumericValue: 200_000 }],
            'resource-summary:font:count': ['warn', { maxNumericValue: 2 }],
          },
        },
      ],
    },
    collect: {
      settings: {},
      numberOfRuns: 5,
      url: [
        'http://localhost:3000/',
        'http://localhost:3000/pricing',
        'http://localhost:3000/support',
      ],
      startServerCommand: 'pnpm start',
      startServerReadyPattern: 'ready - started server on 0.0.0.0:3000, url: http://localhost:3000',
      startServerReadyTimeout: 500,
    },
    upload: {
      target: 'temporary-public-storage',
    },
  },
}
`,
  }, [...LM, ...HM], ['--config=lighthouserc.js']);
// Ofadiman/lighthouse-reporting @ 185b9ff85f918d96b3fa56f605777c2aeba82d47: lighthouserc.js (edited: '/support' -> '/heavy/')
pub("public-ofadiman-lighthouse-reporting-on-our-pages", {"repo": "Ofadiman/lighthouse-reporting", "commit": "185b9ff85f918d96b3fa56f605777c2aeba82d47", "paths": ["lighthouserc.js"], "licence": "none visible"},
  "the same with the second pattern `/support` edited to `/heavy/` so that both matrix entries apply to the heavy page",
  {
  "lighthouserc.js": `module.exports = {
  ci: {
    assert: {
      assertMatrix: [
        {
          matchingUrlPattern: '/*',
          preset: 'lighthouse:no-pwa',
          assertions: {
            'csp-xss': 'warn',
            'largest-contentful-paint': 'warn',
            'resource-summary:document:size': ['warn', { maxNumericValue: 100_000 }],
            'resource-summary:font:count': ['warn', { maxNumericValue: 1 }],
          },
        },
        {
          matchingUrlPattern: '/heavy/',
          assertions: {
            'resource-summary:document:size': ['warn', { maxNumericValue: 200_000 }],
            'resource-summary:font:count': ['warn', { maxNumericValue: 2 }],
          },
        },
      ],
    },
    collect: {
      settings: {},
      numberOfRuns: 5,
      url: [
        'http://localhost:3000/',
        'http://localhost:3000/pricing',
        'http://localhost:3000/support',
      ],
      startServerCommand: 'pnpm start',
      startServerReadyPattern: 'ready - started server on 0.0.0.0:3000, url: http://localhost:3000',
      startServerReadyTimeout: 500,
    },
    upload: {
      target: 'temporary-public-storage',
    },
  },
}
`,
  }, [...LM, ...HM], ['--config=lighthouserc.js']);
// vigetlabs/react-typescript-example-2022 @ 00fa0079e5f4a6c50fc1c5ae5bdeda18c5715a2d: .lighthouserc.cjs
pub("public-vigetlabs-react-typescript-example-2022", {"repo": "vigetlabs/react-typescript-example-2022", "commit": "00fa0079e5f4a6c50fc1c5ae5bdeda18c5715a2d", "paths": [".lighthouserc.cjs"], "licence": "none visible"},
  "real .lighthouserc.cjs, discovered: duplicate object keys (the later error tuple wins in JS), resource-summary sizes",
  {
  ".lighthouserc.cjs": `module.exports = {
  ci: {
    assert: {
      assertions: {
        'largest-contentful-paint': ['warn', {'maxNumericValue': 2500}],
        'largest-contentful-paint': ['error', {'maxNumericValue': 4000}],
        'total-blocking-time': ['warn', {'maxNumericValue': 300}],
        'total-blocking-time': ['error', {'maxNumericValue': 600}],
        'cumulative-layout-shift': ['warn', {'maxNumericValue': 0.1}],
        'cumulative-layout-shift': ['error', {'maxNumericValue': 0.25}],
        'resource-summary:document:size': ['warn', {'maxNumericValue': 14000}],
        'resource-summary:image:size': ['warn', {'maxNumericValue': 500000}],
      }
    },
    upload: {
      target: 'temporary-public-storage',
    }
  },
};
`,
  }, IM, []);
// jackdbd/personal-website @ 67d95a632843b3dc912434b7a6657db103a9e4ce: lighthouse/lighthouserc-all-desktop.js, lighthouse/budgets/all-desktop.json
pub("public-jackdbd-personal-website", {"repo": "jackdbd/personal-website", "commit": "67d95a632843b3dc912434b7a6657db103a9e4ce", "paths": ["lighthouse/lighthouserc-all-desktop.js", "lighthouse/budgets/all-desktop.json"], "licence": "MIT"},
  "real JS rc in a subfolder with budgetsFile relative to the cwd; budget paths `/$`, `/blog$`, `/posts/*`, `/projects$` (only `/$` matches), resource counts/sizes and timings incl. max-potential-fid",
  {
  "lighthouse/lighthouserc-all-desktop.js": `const budget = 'lighthouse/budgets/all-desktop.json';

// https://github.com/GoogleChrome/lighthouse-ci/blob/v0.4.1/docs/configuration.md
const config = {
  ci: {
    assert: {
      budgetsFile: budget
    },
    collect: {
      numberOfRuns: 1,
      settings: {
        budgetsPath: budget,
        configPath: 'lighthouse/config/desktop.js',
        plugins: []
      }
    }
  }
};

module.exports = config;
`,
  "lighthouse/budgets/all-desktop.json": `[
    {
        "path": "/$",
        "resourceCounts": [
            {
                "resourceType": "third-party",
                "budget": 5
            }
        ],
        "resourceSizes": [
            {
                "resourceType": "document",
                "budget": 6
            },
            {
                "resourceType": "stylesheet",
                "budget": 9
            },
            {
                "resourceType": "font",
                "budget": 30
            },
            {
                "resourceType": "image",
                "budget": 0
            },
            {
                "resourceType": "script",
                "budget": 3
            }
        ],
        "timings": [
            {
                "metric": "cumulative-layout-shift",
                "budget": 500
            },
            {
                "metric": "largest-contentful-paint",
                "budget": 3000
            },
            {
                "metric": "max-potential-fid",
                "budget": 750
            }
        ]
    },
    {
        "path": "/blog$",
        "resourceCounts": [
            {
                "resourceType": "third-party",
                "budget": 5
            }
        ],
        "resourceSizes": [
            {
                "resourceType": "document",
                "budget": 10
            },
            {
                "resourceType": "stylesheet",
                "budget": 8
            },
            {
                "resourceType": "font",
                "budget": 30
            },
            {
                "resourceType": "image",
                "budget": 150
            },
            {
                "resourceType": "script",
                "budget": 3
            }
        ],
        "timings": [
            {
                "metric": "cumulative-layout-shift",
                "budget": 500
            },
            {
                "metric": "largest-contentful-paint",
                "budget": 3000
            },
            {
                "metric": "max-potential-fid",
                "budget": 50
            }
        ]
    },
    {
        "path": "/posts/*",
        "resourceCounts": [
            {
                "resourceType": "third-party",
                "budget": 6
            }
        ],
        "resourceSizes": [
            {
                "resourceType": "document",
                "budget": 10
            },
            {
                "resourceType": "stylesheet",
                "budget": 9
            },
            {
                "resourceType": "font",
                "budget": 30
            },
            {
                "resourceType": "image",
                "budget": 150
            },
            {
                "resourceType": "script",
                "budget": 3
            }
        ],
        "timings": [
            {
                "metric": "cumulative-layout-shift",
                "budget": 500
            },
            {
                "metric": "largest-contentful-paint",
                "budget": 2500
            },
            {
                "metric": "max-potential-fid",
                "budget": 50
            }
        ]
    },
    {
        "path": "/projects$",
        "resourceCounts": [
            {
                "resourceType": "third-party",
                "budget": 5
            }
        ],
        "resourceSizes": [
            {
                "resourceType": "document",
                "budget": 10
            },
            {
                "resourceType": "stylesheet",
                "budget": 9
            },
            {
                "resourceType": "font",
                "budget": 30
            },
            {
                "resourceType": "image",
                "budget": 150
            },
            {
                "resourceType": "script",
                "budget": 3
            }
        ],
        "timings": [
            {
                "metric": "cumulative-layout-shift",
                "budget": 500
            },
            {
                "metric": "largest-contentful-paint",
                "budget": 3000
            },
            {
                "metric": "max-potential-fid",
                "budget": 50
            }
        ]
    }
]`,
  }, [CH12A, 'external/lh-12-0-0-coursehero-b.json'], ['--config=lighthouse/lighthouserc-all-desktop.js']);
// Seirdy/seirdy.one @ 0aac08a6990f6a681b0fbbf4547383aad6ed2195: .lighthouserc.yml
pub("public-seirdy-seirdy-one", {"repo": "Seirdy/seirdy.one", "commit": "0aac08a6990f6a681b0fbbf4547383aad6ed2195", "paths": [".lighthouserc.yml"], "licence": "LICENSE file in repo (not read)"},
  "real YAML rc: recommended + performance-budget error + timing-budget off, maxNumericValue 0 at warn, first-meaningful-paint (gone in LH13)",
  {
  ".lighthouserc.yml": `---
ci:
  assert:
    preset: lighthouse:recommended
    assertions:
      performance-budget: "error"
      render-blocking-resources:
        - warn
        # the CSS file.
        # My site doesn't use JS so it doesn't use the recommended async hack
        - maxLength: 1
      timing-budget: "off"  # buggy; manually use the below assertions instead
      # https://seirdy.one/2020/11/23/website-best-practices.html#about-lazy-loading
      speed-index:
        - warn
        - maxNumericValue: 2000
      largest-contentful-paint:
        - warn
        - maxNumericValue: 2000
      first-contentful-paint:
        - warn
        - maxNumericValue: 2000
      first-meaningful-paint:
        - warn
        - maxNumericValue: 2000
      total-blocking-time:
        - warn
        - maxNumericValue: 0
      cumulative-layout-shift:
        - warn
        - maxNumericValue: 0
      canonical: "off"  # staging site has no rel=canonical
      service-worker: "off"  # not a PWA
      works-offline: "off"  # not a PWA
      installable-manifest: "off"  # not a PWA
      splash-screen: "off"  # not a PWA
      themed-omnibox: "off"  # not a PWA
      offline-start-url: "off"  # not a pwa
      offscreen-images: "off"  # antipattern: see my article on best practices for textual websites
  collect:
    method: node
    settings:
      budgetPath: budget.json
      chromeFlags: "--disable-gpu --no-sandbox --disable-extensions --no-first-run --headless"
      skipAudits:
        - canonical
        - service-worker
        - works-offline
        - installable-manifest
        - splash-screen
        - themed-omnibox
        - offline-start-url
        - offscreen-images
      throttling:
        cpuSlowdownMultiplier: 1
      throttlingMethod: devtools
    url:
      - https://seirdy.one/
      - https://seirdy.one/about.html
      - https://seirdy.one/2020/11/23/website-best-practices.html
    numberOfRuns: 3
  upload:
    outputDir: lighthouse-reports
    reportFilenamePattern: lighthouse-report-%%PATHNAME%%.%%EXTENSION%%
    target: filesystem
`,
  }, LM, ['--config=.lighthouserc.yml']);
// logux/logux.org @ 144148bd40e59c5c3cac57a6b3000bc9e005a287: lighthouserc.yml
pub("public-logux-logux-org", {"repo": "logux/logux.org", "commit": "144148bd40e59c5c3cac57a6b3000bc9e005a287", "paths": ["lighthouserc.yml"], "licence": "none visible"},
  "real YAML rc on a LH8 report: lighthouse:all with three minScore overrides at error",
  {
  "lighthouserc.yml": `ci:
  assert:
    preset: lighthouse:all
    assertions:
      critical-request-chains:
        - error
        - minScore: 0
      mainthread-work-breakdown:
        - error
        - minScore: 0.96
      max-potential-fid:
        - error
        - minScore: 0.46
  upload:
    target: temporary-public-storage
`,
  }, [CH8], ['--config=lighthouserc.yml']);
// GSA/datagov-catalog @ 5e10fe7b62daf13fa2d83399ae9284f3fb010227: lighthouserc.yml
pub("public-gsa-datagov-catalog", {"repo": "GSA/datagov-catalog", "commit": "5e10fe7b62daf13fa2d83399ae9284f3fb010227", "paths": ["lighthouserc.yml"], "licence": "not checked (US government work)"},
  "real YAML rc: four categories with minScore at error, block-style tuples",
  {
  "lighthouserc.yml": `ci:
  assert:
    assertions:
      categories:performance:
        - error
        - minScore: 0.4
      categories:accessibility:
        - error
        - minScore: 0.75
      categories:best-practices:
        - error
        - minScore: 0.75
      categories:seo:
        - error
        - minScore: 0.75`,
  }, HD, ['--config=lighthouserc.yml']);
// chromeos/chromeos.dev @ a4da58f85b158d49229cadb511b931b360a8f4bf: .lighthouserc.yml
pub("public-chromeos-chromeos-dev", {"repo": "chromeos/chromeos.dev", "commit": "a4da58f85b158d49229cadb511b931b360a8f4bf", "paths": [".lighthouserc.yml"], "licence": "not checked"},
  "real YAML rc on two LH10 runs: five categories incl. categories:pwa (present in LH10)",
  {
  ".lighthouserc.yml": `ci:
  collect:
    numberOfRuns: 3
  assert:
    assertions:
      categories:performance:
        - error
        - minScore: 0.8
      categories:accessibility:
        - error
        - minScore: 0.9
      categories:best-practices:
        - error
        - minScore: 0.9
      categories:seo:
        - error
        - minScore: 0.9
      categories:pwa:
        - error
        - minScore: 0.9
`,
  }, [CH10A, 'external/lh-10-1-0-coursehero-b.json'], ['--config=.lighthouserc.yml']);
// AdguardTeam/HostlistCompiler @ cf9277a2390ded0f28f74d7094e5abb80af351b3: .lighthouserc.json
pub("public-adguardteam-hostlistcompiler", {"repo": "AdguardTeam/HostlistCompiler", "commit": "cf9277a2390ded0f28f74d7094e5abb80af351b3", "paths": [".lighthouserc.json"], "licence": "not checked"},
  "real JSON rc: categories minScore, metric maxNumericValue, errors-in-console maxLength 0, audits LH13 lacks (uses-https, no-vulnerable-libraries)",
  {
  ".lighthouserc.json": `{
    "ci": {
        "collect": {
            "numberOfRuns": 2,
            "settings": {
                "onlyCategories": ["performance", "accessibility", "best-practices", "seo"],
                "formFactor": "desktop",
                "throttling": {
                    "rttMs": 40,
                    "throughputKbps": 10240,
                    "cpuSlowdownMultiplier": 1
                },
                "screenEmulation": {
                    "mobile": false,
                    "width": 1350,
                    "height": 940,
                    "deviceScaleFactor": 1,
                    "disabled": false
                }
            }
        },
        "assert": {
            "assertions": {
                "categories:performance": ["warn", { "minScore": 0.85 }],
                "categories:accessibility": ["error", { "minScore": 0.9 }],
                "categories:best-practices": ["warn", { "minScore": 0.9 }],
                "categories:seo": ["warn", { "minScore": 0.9 }],
                "first-contentful-paint": ["warn", { "maxNumericValue": 3000 }],
                "largest-contentful-paint": ["warn", { "maxNumericValue": 4000 }],
                "total-blocking-time": ["warn", { "maxNumericValue": 500 }],
                "cumulative-layout-shift": ["warn", { "maxNumericValue": 0.1 }],
                "interactive": ["warn", { "maxNumericValue": 5000 }],
                "speed-index": ["warn", { "maxNumericValue": 5000 }],
                "uses-https": ["error", { "minScore": 1 }],
                "no-vulnerable-libraries": ["warn", { "minScore": 1 }],
                "is-on-https": ["error", { "minScore": 1 }],
                "errors-in-console": ["warn", { "maxLength": 0 }]
            }
        },
        "upload": {
            "target": "filesystem",
            "outputDir": "lhci-results",
            "reportFilenamePattern": "%%PATHNAME%%-%%DATETIME%%-report.%%EXTENSION%%"
        }
    }
}
`,
  }, LD, ['--config=.lighthouserc.json']);
// thegeeklab/hugo-geekdoc @ 0ae54cd62e6a623d44aaa929a4c8792427d54670: .lighthouserc.yml
pub("public-thegeeklab-hugo-geekdoc", {"repo": "thegeeklab/hugo-geekdoc", "commit": "0ae54cd62e6a623d44aaa929a4c8792427d54670", "paths": [".lighthouserc.yml"], "licence": "not checked"},
  "real YAML rc: quoted preset lighthouse:no-pwa, seven unquoted `off` overrides (incl. metrics and first-meaningful-paint)",
  {
  ".lighthouserc.yml": `---
ci:
  collect:
    numberOfRuns: 2
    staticDistDir: exampleSite/public
    url:
      - http://localhost/
      - http://localhost/404.html
      - http://localhost/posts/
    settings:
      chromeFlags: "--no-sandbox"
  assert:
    preset: "lighthouse:no-pwa"
    assertions:
      uses-long-cache-ttl: off
      render-blocking-resources: off
      tap-targets: off
      first-contentful-paint: off
      first-meaningful-paint: off
      largest-contentful-paint: off
      unsized-images: off
  upload:
    target: filesystem
    outputDir: lhci_reports
`,
  }, ID, ['--config=.lighthouserc.yml']);
// AndreMarquesDev/Aguarela2020 (lighthouse/lighthouserc.js): not in the corpus, its package.json says UNLICENSED.
// Loonz806/setup-example @ d924c2045fabacdb4a30210cf15a451eee329ddf: lighthouserc.js, budget.json
pub("public-loonz806-setup-example", {"repo": "Loonz806/setup-example", "commit": "d924c2045fabacdb4a30210cf15a451eee329ddf", "paths": ["lighthouserc.js", "budget.json"], "licence": "MIT"},
  "real JS rc asserting performance-budget at error (the budget given to Lighthouse via collect.budgetPath; the repo budget.json beside it) on a LH10 report that has the audit",
  {
  "lighthouserc.js": `// lighthouserc.js
module.exports = {
  ci: {
    collect: {
      staticDistDir: "./dist",
      budgetPath: "./budget.json",
    },
    upload: {
      target: "temporary-public-storage",
    },
    assert: {
      assertions: {
        // This setting asserts that the budgets audit passed in Lighthouse CI
        // under 3 sec on slow 3G connection
        "performance-budget": "error",
      },
    },
  },
};
`,
  "budget.json": `[
  {
    "resourceSizes": [
      { "resourceType": "document", "budget": 7 },
      { "resourceType": "script", "budget": 47 },
      { "resourceType": "image", "budget": 181 },
      { "resourceType": "stylesheet", "budget": 9 },
      { "resourceType": "media", "budget": 28 },
      { "resourceType": "font", "budget": 14 },
      { "resourceType": "total", "budget": 286 }
    ]
  }
]
`,
  }, ['lhr/heavy-lh10-budget.json'], ['--config=lighthouserc.js']);
// ChromeDevTools/debugger-protocol-viewer @ 27154fb38db8dfcc620f3bf60b841a3aad4dad47: .lighthouserc.js
pub("public-chromedevtools-debugger-protocol-viewer", {"repo": "ChromeDevTools/debugger-protocol-viewer", "commit": "27154fb38db8dfcc620f3bf60b841a3aad4dad47", "paths": [".lighthouserc.js"], "licence": "not checked"},
  "real .lighthouserc.js (\"use strict\"), discovered: lighthouse:recommended alone on two LH11 runs",
  {
  ".lighthouserc.js": `"use strict";

module.exports = {
  ci: {
    collect: {
      numberOfRuns: 5,
      startServerCommand: "npm run serve",
      startServerReadyPattern: "Served by",
    },
    assert: {
      preset: "lighthouse:recommended",
    }
  },
};
`,
  }, [CH11A, CH11B], []);
// satoLG/biscoidino @ 1a4efdac4de22903dfef54f6c016b8f8c4b66785: lighthouserc.js
pub("public-satolg-biscoidino", {"repo": "satoLG/biscoidino", "commit": "1a4efdac4de22903dfef54f6c016b8f8c4b66785", "paths": ["lighthouserc.js"], "licence": "none visible"},
  "real lighthouserc.js that is not JavaScript (INI-like text): lhci cannot load it",
  {
  "lighthouserc.js": `# Lighthouse CI Configuration
url=http://127.0.0.1:4173

[lighthouserc:ci]
collect:
  startServerCommand=npm run preview
  startServerReadyPattern=Local:
  url=http://127.0.0.1:4173
  numberOfRuns=3

upload:
  target=temporary-public-storage

assert:
  preset=lighthouse:no-pwa
  assertions:
    categories:performance=[0.9,null]
    categories:accessibility=[0.95,null]
    categories:best-practices=[0.9,null]
    categories:seo=[0.9,null]
    categories:pwa=[0.9,null]`,
  }, LM, ['--config=lighthouserc.js']);
cases.public = PUBLIC;

module.exports = cases;
