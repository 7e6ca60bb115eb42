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

// ---- npm-published configs -------------------------------------------------------------------
// Real lighthouserc files as published inside npm package tarballs, byte for byte (origin: package,
// exact version, path inside the tarball's package/ folder, the package's license field, and the
// tarball's dist.integrity). File contents are JSON string literals so that they stay exact.
const NPM = [];
const npmCase = (name, origin, covers, files, runs, args) => {
  NPM.push({name, ...origin});
  add(name, covers, files, runs, args);
};
// @okode/nx-lighthouse-ci@2.0.1: the .lighthouserc.json its Nx "setup" generator writes (an EJS
// template: <%= serverCommand %> sits in collect, which assert does not read). Discovered.
const OKODE_RC = {'.lighthouserc.json': "{\n  \"ci\": {\n    \"collect\": {\n      \"numberOfRuns\": 2,\n      \"startServerCommand\": \"<%= serverCommand %>\",\n      \"url\": [\"http://localhost:4000\"],\n      \"startServerReadyTimeout\": 30000,\n      \"settings\": {\n        \"preset\": \"desktop\"\n      }\n    },\n    \"assert\": {\n      \"includePassedAssertions\": true,\n      \"assertions\": {\n        \"categories:performance\": [\"warn\", { \"minScore\": 0.8 }],\n        \"categories:accessibility\": [\"warn\", { \"minScore\": 0.8 }],\n        \"categories:best-practices\": [\"warn\", { \"minScore\": 0.8 }],\n        \"categories:seo\": [\"warn\", { \"minScore\": 0.8 }],\n        \"categories:pwa\": [\"warn\", { \"minScore\": 0.8 }]\n      }\n    }\n  }\n}\n"};
npmCase('npm-okode-nx-lighthouse-ci-lh10', {"package":"@okode/nx-lighthouse-ci","version":"2.0.1","paths":["src/generators/setup/files/src/.lighthouserc.json"],"license":"none stated (no license field, no LICENSE file in the tarball)","integrity":"sha512-DMb1i4ABj+vY3nAvaVbet9H+Vl4ylKNRDrl9OA8d5Z1LwqFxK1/FyfKOCc4zgo9f24AvPycaYUIrY3tbLoBP7g=="},
  'npm-published .lighthouserc.json (Nx generator template), discovered: five categories incl. categories:pwa at warn 0.8, includePassedAssertions: true inside the rc, on two LH10 runs that have the pwa category',
  OKODE_RC, [CH10A, 'external/lh-10-1-0-coursehero-b.json'], []);
npmCase('npm-okode-nx-lighthouse-ci-lean-desktop', {"package":"@okode/nx-lighthouse-ci","version":"2.0.1","paths":["src/generators/setup/files/src/.lighthouserc.json"],"license":"none stated (no license field, no LICENSE file in the tarball)","integrity":"sha512-DMb1i4ABj+vY3nAvaVbet9H+Vl4ylKNRDrl9OA8d5Z1LwqFxK1/FyfKOCc4zgo9f24AvPycaYUIrY3tbLoBP7g=="},
  'the same rc on three LH13 desktop runs (as its collect.settings.preset desktop): categories:pwa is absent from LH13 reports',
  OKODE_RC, LD, []);
// @salesforce/retail-react-app@10.2.1: tests/lighthouserc.js (the same bytes in 2.0.0, 5.0.0, 8.0.0).
// Its collect URLs are the app's own localhost pages; it has no matchingUrlPattern, so it applies to ours.
const SF_RC = {'tests/lighthouserc.js': "/*\n * Copyright (c) 2021, salesforce.com, inc.\n * All rights reserved.\n * SPDX-License-Identifier: BSD-3-Clause\n * For full license text, see the LICENSE file in the repo root or https://opensource.org/licenses/BSD-3-Clause\n */\nmodule.exports = {\n    // The different Lighthouse CI configuration options:\n    // https://github.com/GoogleChrome/lighthouse-ci/blob/master/docs/configuration.md\n    ci: {\n        collect: {\n            startServerCommand: 'npm run start',\n            //NOTE: Adjust the key pages URLs that you find important to your website.\n            url: [\n                'http://localhost:3000/',\n                'http://localhost:3000/global/en-GB/category/womens',\n                'http://localhost:3000/global/en-GB/product/25493613M',\n                'http://localhost:3000/global/en-GB/search?q=suit'\n            ],\n            startServerReadyPattern: 'First build complete',\n            startServerReadyTimeout: 90000\n        },\n        upload: {\n            target: 'temporary-public-storage'\n        },\n        assert: {\n            aggregationMethod: 'median',\n            assertions: {\n                // NOTE: Adjust the scores accordingly as the performance is improved\n                'categories:performance': ['error', {minScore: 0.3}],\n                'categories:pwa': ['error', {minScore: 0.9}],\n                'categories:seo': ['error', {minScore: 0.85}],\n                'categories:accessibility': ['error', {minScore: 0.88}]\n            }\n        }\n    }\n}\n"};
npmCase('npm-salesforce-retail-react-app-heavy-mobile', {"package":"@salesforce/retail-react-app","version":"10.2.1","paths":["tests/lighthouserc.js"],"license":"See license in LICENSE (BSD-3-Clause)","integrity":"sha512-lrBUNkDj+1jPwC+oIhPZDo54jMmoWCr+qpPGvmwqeMw7dioIuL8gOGnZ0t0XBBi6ZM1/lPvF/6Zkp3lgEzybcg=="},
  'npm-published JS rc in a subfolder (--config=tests/lighthouserc.js): assert-level aggregationMethod median, four categories at error incl. categories:pwa (absent in LH13), on three LH13 runs',
  SF_RC, HM, ['--config=tests/lighthouserc.js']);
npmCase('npm-salesforce-retail-react-app-coursehero-lh9', {"package":"@salesforce/retail-react-app","version":"10.2.1","paths":["tests/lighthouserc.js"],"license":"See license in LICENSE (BSD-3-Clause)","integrity":"sha512-lrBUNkDj+1jPwC+oIhPZDo54jMmoWCr+qpPGvmwqeMw7dioIuL8gOGnZ0t0XBBi6ZM1/lPvF/6Zkp3lgEzybcg=="},
  'the same rc on two LH9 runs that have the pwa category: file-wide median over an even number of runs',
  SF_RC, [CH9A, CH9B], ['--config=tests/lighthouserc.js']);
// pbs-kids-lighthouse-cli@2.1.27: src/lighthouserc.js is a module exporting getLighthouseRunConfig(),
// which the package's own script calls; it requires ./configs.js etc. beside it (not copied here).
npmCase('npm-pbs-kids-lighthouse-cli', {"package":"pbs-kids-lighthouse-cli","version":"2.1.27","paths":["src/lighthouserc.js"],"license":"MIT","integrity":"sha512-GVO8q8kGzXqAY8ZU4AoXVCVaUIKJEgR9LUSnyE4iwTT9HKi2Edh8Dq2HMkmuPzoGy8ULOiRfZ23d/ZkatEz4LQ=="},
  'npm-published lighthouserc.js that is a helper module, not a config: loading it requires ./configs.js, which is not there, so lhci stops',
  {'src/lighthouserc.js': "const { deepMerge, getConfig, getGeneralConfig } = require('./configs.js');\nconst { getRunArguments, getOnlyCategories } = require('./run-arguments.js');\nconst { getUrlsForProfile } = require('./profiles.js');\n\nconst getLighthouseRules = (presetName, profileName, runArguments) => {\n  if (presetName) {\n    return {\n      assert: { preset: presetName },\n    };\n  } else {\n    return getConfig(profileName)(runArguments);\n  }\n};\n\nconst getUploadConfig = (target, outputDir) => {\n  const upload = {\n    target,\n    outputDir,\n  };\n\n  if (target === 'lhci') {\n    upload.serverBaseUrl = process.env.PBSKLCLI_LHCI_SERVER_BASE_URL;\n    upload.token = process.env.PBSKLCLI_LHCI_UPLOAD_TOKEN;\n\n    if (!upload.serverBaseUrl) {\n      throw new Error(\n        'upload.target is set to `lhci` but env var PBSKLCLI_LHCI_SERVER_BASE_URL is not defined! Aborting...',\n      );\n    }\n\n    if (!upload.token) {\n      throw new Error(\n        'upload.target is set to `lhci` but env var PBSKLCLI_LHCI_UPLOAD_TOKEN is not defined! Aborting...',\n      );\n    }\n\n    if (\n      process.env.PBSKLCLI_LHCI_BASIC_AUTH_USERNAME &&\n      process.env.PBSKLCLI_LHCI_BASIC_AUTH_PASSWORD\n    ) {\n      upload.basicAuth = {\n        username: process.env.PBSKLCLI_LHCI_BASIC_AUTH_USERNAME,\n        password: process.env.PBSKLCLI_LHCI_BASIC_AUTH_PASSWORD,\n      };\n    }\n  }\n\n  return upload;\n};\n\nconst getLighthouseRunConfig = () => {\n  const runArguments = getRunArguments();\n  const generalConfig = getGeneralConfig();\n\n  const numberOfRuns = runArguments.runcount;\n  const preset = runArguments.preset;\n  const target = runArguments.outputtarget;\n\n  const validTargets = [\n    'filesystem',\n    'lhci',\n    'temporary-public-storage',\n  ];\n\n  if (validTargets.indexOf(target) === -1) {\n    console.log(`Valid targets are: ${validTargets.join(', ')}`);\n    throw new Error(`Invalid output target \\`${target}\\`! Aborting...`);\n  }\n\n  if (!numberOfRuns.toString().match(/^[0-9]+$/)) {\n    throw new Error('runcount must be an integer.');\n  }\n\n  const outputDir = process.env.__LIGHTHOUSE_RESULT_SUBDIR;\n  const profileName = process.env.__LIGHTHOUSE_CURRENT_PROFILE_NAME;\n  const urlFilter = process.env.__LIGHTHOUSE_URL_FILTER;\n\n  if (target === 'filesystem' && !outputDir) {\n    throw new Error('Output directory not defined! Aborting...');\n  }\n\n  if (outputDir && !require('fs').existsSync(outputDir)) {\n    throw new Error(`Output dir not found at ${outputDir}! Aborting...`);\n  }\n\n  const lighthouseRules = getLighthouseRules(preset, profileName, runArguments);\n  const urls = getUrlsForProfile(profileName, urlFilter).run;\n\n  if (urls.length === 0) {\n    throw new Error(`No routes found from profile \\`${profileName}\\` to run Lighthouse against! Aborting...`);\n  }\n\n  // Docs for how this object should be: https://github.com/GoogleChrome/lighthouse-ci/blob/main/docs/configuration.md#autorun\n  return {\n    ci: {\n      assert: lighthouseRules.assert,\n      collect: deepMerge({\n        startServerCommand: generalConfig.startServerCommand,\n        startServerReadyTimeout: generalConfig.startServerReadyTimeout,\n        startServerReadyPattern: generalConfig.startServerReadyPattern,\n      }, {\n        numberOfRuns,\n        url: urls,\n        settings: {\n          skipAudits: [ 'redirects-http' ],\n          budgets: lighthouseRules.budgets,\n          onlyCategories: getOnlyCategories(runArguments, generalConfig),\n        },\n      }),\n      upload: getUploadConfig(target, outputDir),\n    },\n  };\n};\n\nmodule.exports = {\n  getLighthouseRunConfig,\n};\n"}, LM, ['--config=src/lighthouserc.js']);
cases.npm = NPM;

module.exports = cases;
