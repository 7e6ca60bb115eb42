#!/usr/bin/env node
// The perfgate launcher: run the platform package's binary with our arguments, its
// standard streams, and its exit status (or its signal).
'use strict';

const { spawnSync } = require('child_process');

// Platform packages that exist, by `${process.platform}-${process.arch}`.
const PLATFORMS = {
  'linux-x64': '@perfgate/linux-x64',
  'linux-arm64': '@perfgate/linux-arm64',
};

function fail(message) {
  process.stderr.write(`perfgate: ${message}\n`);
  process.exit(2);
}

const BUILD_FROM_SOURCE =
  'build it from source instead: on Debian/Ubuntu, `ci/install-deps` then ' +
  '`cmake -S . -B build -G Ninja && ninja -C build` in a checkout of perfgate (see its README, "Install").';

const key = `${process.platform}-${process.arch}`;
const pkg = PLATFORMS[key];
if (!pkg) {
  fail(`there is no prebuilt perfgate for ${key}; prebuilt: ${Object.keys(PLATFORMS).join(', ')}. ${BUILD_FROM_SOURCE}`);
}
if (process.platform === 'linux') {
  const report = process.report && typeof process.report.getReport === 'function' ? process.report.getReport() : null;
  if (report && report.header && !report.header.glibcVersionRuntime) {
    fail(`this Linux has no glibc (musl, Alpine?): ${pkg} needs glibc. ${BUILD_FROM_SOURCE}`);
  }
}

let binary;
try {
  binary = require.resolve(`${pkg}/bin/perfgate`);
} catch {
  const { version } = require('../package.json');
  fail(`the platform package ${pkg} is not installed (was the install run with --omit=optional or --no-optional?). ` +
       `Install it: npm install --save-dev ${pkg}@${version}`);
}

const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
if (result.error) fail(`could not run ${binary}: ${result.error.message}`);
if (result.signal) {
  process.kill(process.pid, result.signal);
} else {
  process.exit(result.status === null ? 2 : result.status);
}
