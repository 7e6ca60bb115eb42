// Print picomatch's verdict (1/0) for every pattern x path below, as TSV; run by
// tests/peers/picomatch/record. The patterns are the shapes budgets and the peers'
// configs use: stars, globstars, classes, braces, dots, nesting.
const picomatch = require("picomatch");
const paths = [
  "main.js", "main.css", "main.js.map", ".hidden.js", "dist/main.js", "dist/js/main.995e091e.js",
  "dist/js/admin.6baf7158.js", "dist/js/vendor-react.a45854c0.js", "dist/js/316.bcca6ae3.chunk.js",
  "dist/css/main.48dbedab.css", "dist/css/route-reports.b998b52c.chunk.css", "dist/.vite/manifest.json",
  "dist/a/b/c/deep.js", "dist/js/.cache/x.js", "a/b", "a/b/c", "abc", "a.b.c", "x[1].js", "-dash.js",
  "dist/img/logo.PNG", "dist/img/logo.png", "src/app.js",
];
const patterns = [
  "*.js", "*.css", "*", "**", "**/*", "**/*.js", "dist/**", "dist/**/*.js", "dist/*/*.js", "dist/js/*.js",
  "dist/js/main.*.js", "dist/js/*.chunk.js", "dist/**/*.css", "**/main.*", "?ain.js", "dist/js/?????.*.js",
  "dist/js/[0-9]*.js", "dist/js/[!0-9]*.js", "dist/js/[^a-m]*.js", "dist/{js,css}/*", "dist/js/{main,admin}.*.js",
  "{main,dist/main}.js", "dist/{js/main,css/main}.*.{js,css}", "dist/**/{deep,main}.js", "a/**", "a/**/c",
  "a/**/b", "a**", "a*", "a*c", "a**c", "*.{js,css}", "*.js*", "dist/*", "dist/*/", ".*.js", "dist/.*/*",
  "dist/**/.cache/*", "x[1].js", "x\\[1\\].js", "-*.js", "dist/img/*.png", "dist/img/*.[pP][nN][gG]",
  "**/*.map", "src/*.js", "src/**", "*/*", "*/*/*", "**/b", "a/*/c", "dist/js/*.*.js",
];
for (const p of patterns) {
  const isMatch = picomatch(p);
  for (const path of paths) process.stdout.write(`${p}\t${path}\t${isMatch(path) ? 1 : 0}\n`);
}
