// Benchmark input: a multi-compiler build (four copies of the shop, e.g. four
// locales) with every stats option on and module sources included, the kind of
// stats file that outgrows webpack-bundle-analyzer.
const path = require('path');
const base = require('./webpack.config.js');
module.exports = ['en', 'de', 'fr', 'ja'].map((locale) => ({
  ...base,
  name: locale,
  output: { ...base.output, path: path.resolve(__dirname, 'dist-big', locale) },
  stats: { all: true, source: true },
}));
