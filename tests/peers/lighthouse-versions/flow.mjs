// A real Lighthouse user flow on the local site (serve.py), written as
// flow.createFlowResult() JSON. Run from a folder whose node_modules holds lighthouse and
// puppeteer-core:  node flow.mjs BASE_URL OUT.json [--broken-last]
//   steps: navigation BASE/  ->  timespan "Show results" (click: busy work, 20 cards
//   inserted, pushState)  ->  snapshot  ->  navigation BASE/second.html
//   --broken-last adds a fifth step: navigation to BASE/broken, which answers HTTP 500, so
//   that step's LHR has runtimeError ERRORED_DOCUMENT_REQUEST and every metric in error.
import fs from 'node:fs';
import puppeteer from 'puppeteer-core';
import {startFlow} from 'lighthouse';

const [base, out, ...rest] = process.argv.slice(2);
const brokenLast = rest.includes('--broken-last');
const userDataDir = fs.mkdtempSync('/tmp/lh-flow-profile-');
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  userDataDir,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const flow = await startFlow(page, {name: 'Local flow (127.0.0.1)'});
  await flow.navigate(base + '/', {name: 'Navigation report (127.0.0.1/)'});
  await flow.startTimespan({name: 'Show results'});
  await page.click('#more');
  await page.waitForSelector('#results .card');
  await new Promise(r => setTimeout(r, 1000));
  await flow.endTimespan();
  await flow.snapshot({name: 'Results shown'});
  await flow.navigate(base + '/second.html', {name: 'Navigation report (127.0.0.1/second.html)'});
  if (brokenLast) await flow.navigate(base + '/broken', {name: 'Navigation report (127.0.0.1/broken)'});
  fs.writeFileSync(out, JSON.stringify(await flow.createFlowResult(), null, 2));
} finally {
  await browser.close();
  fs.rmSync(userDataDir, {recursive: true, force: true});
}
