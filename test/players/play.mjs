#!/usr/bin/env node
// Plays one manifest to the end in a real player (hls.js, dash.js or Shaka Player) inside headless Debian Chromium
// and prints ONE JSON line with the outcome. Exit code 0 when ok, 1 when not, 2 on bad usage or a missing prerequisite.
//
//   node play.mjs --player hls|dash|shaka --url <manifest URL> [--timeout 120] [--playback-rate 1]
//                 [--clearkey kidhex:keyhex] [--license-url URL] [--header name:value]... [--all-header name:value]...
//                 [--expect-duration seconds] [--duration-tolerance 0.5] [--mss] [--strict] [--allow-failed-requests]
//                 [--stall-timeout 20] [--chromium /usr/bin/chromium] [--verbose]
//
// --header adds a header to key (HLS AES-128 key URI) and licence requests only; --all-header to every player request.
// --clearkey without --license-url: dash.js and Shaka get the key directly; hls.js (which only knows licence servers)
// gets a W3C ClearKey licence served by this script's own page server.
// ok = the video ended (the `ended` event, or stopped within 0.5 s of its duration), no fatal player error,
// no failed player request (HTTP >= 400 or network error, unless --allow-failed-requests), the duration matched
// --expect-duration when given, and, with --strict, no error of any kind (non-fatal player errors, console errors).

import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const started = Date.now();

const usage = (message) => {
  process.stderr.write(`play.mjs: ${message}\n`);
  process.stdout.write(JSON.stringify({ ok: false, usageError: message }) + '\n');
  process.exit(2);
};

const parseArgs = (argv) => {
  const options = {
    player: null,
    url: null,
    timeout: 120,
    playbackRate: 1,
    clearkey: null,
    licenseUrl: null,
    keyHeaders: {},
    allHeaders: {},
    expectDuration: null,
    durationTolerance: 0.5,
    mss: false,
    strict: false,
    allowFailedRequests: false,
    stallTimeout: 20,
    chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    verbose: false,
  };
  const header = (value, into) => {
    const i = value.indexOf(':');
    if (i <= 0) usage(`header must be name:value, got '${value}'`);
    into[value.slice(0, i).trim()] = value.slice(i + 1).trim();
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    const number = () => {
      const n = Number(next());
      if (!Number.isFinite(n) || n <= 0) usage(`${arg} needs a positive number`);
      return n;
    };
    switch (arg) {
      case '--player': options.player = next(); break;
      case '--url': options.url = next(); break;
      case '--timeout': options.timeout = number(); break;
      case '--playback-rate': options.playbackRate = number(); break;
      case '--clearkey': {
        const m = /^([0-9a-fA-F]{32}):([0-9a-fA-F]{32})$/.exec(next());
        if (!m) usage('--clearkey must be kidhex:keyhex (32 hex digits each)');
        options.clearkey = { kid: m[1].toLowerCase(), key: m[2].toLowerCase() };
        break;
      }
      case '--license-url': options.licenseUrl = next(); break;
      case '--header': header(next(), options.keyHeaders); break;
      case '--all-header': header(next(), options.allHeaders); break;
      case '--expect-duration': options.expectDuration = number(); break;
      case '--duration-tolerance': options.durationTolerance = number(); break;
      case '--mss': options.mss = true; break;
      case '--strict': options.strict = true; break;
      case '--allow-failed-requests': options.allowFailedRequests = true; break;
      case '--stall-timeout': options.stallTimeout = number(); break;
      case '--chromium': options.chromium = next(); break;
      case '--verbose': options.verbose = true; break;
      default: usage(`unknown argument '${arg}'`);
    }
  }
  if (!['hls', 'dash', 'shaka'].includes(options.player)) usage('--player must be hls, dash or shaka');
  if (!options.url) usage('--url is required');
  try {
    new URL(options.url);
  } catch {
    usage(`--url is not an absolute URL: ${options.url}`);
  }
  if (options.playbackRate > 4) usage('--playback-rate must be at most 4');
  if (options.mss && options.player !== 'dash') usage('--mss is for --player dash');
  return options;
};

const options = parseArgs(process.argv.slice(2));
const log = (...args) => {
  if (options.verbose) process.stderr.write(`[play ${((Date.now() - started) / 1000).toFixed(1)}s] ${args.join(' ')}\n`);
};

// The player builds this page loads (relative to node_modules).
const libraries = {
  hls: [['hls.js/dist/hls.min.js']],
  dash: [['dashjs/dist/modern/umd/dash.all.min.js', 'dashjs/dist/dash.all.min.js']],
  shaka: [['shaka-player/dist/shaka-player.compiled.js']],
};
const mss = ['dashjs/dist/modern/umd/dash.mss.min.js', 'dashjs/dist/dash.mss.min.js'];

const resolveLibrary = (candidates) => {
  for (const candidate of candidates) {
    const full = join(here, 'node_modules', candidate);
    if (existsSync(full)) return full;
  }
  process.stderr.write(`play.mjs: none of ${candidates.join(', ')} exists; run 'npm ci' in ${here}\n`);
  process.stdout.write(JSON.stringify({ ok: false, setupError: `missing ${candidates[0]}; run npm ci in test/players` }) + '\n');
  process.exit(2);
};

const scripts = libraries[options.player].map(resolveLibrary);
if (options.mss) scripts.push(resolveLibrary(mss));
if (!existsSync(options.chromium)) {
  process.stdout.write(JSON.stringify({ ok: false, setupError: `chromium not found at ${options.chromium}; apt-get install -y chromium` }) + '\n');
  process.exit(2);
}

let playwright;
try {
  playwright = await import('playwright-core');
} catch {
  process.stdout.write(JSON.stringify({ ok: false, setupError: 'playwright-core is not installed; run npm ci in test/players' }) + '\n');
  process.exit(2);
}

const pageConfig = {
  player: options.player,
  url: options.url,
  playbackRate: options.playbackRate,
  clearkey: options.clearkey,
  licenseUrl: options.licenseUrl,
  keyHeaders: options.keyHeaders,
  allHeaders: options.allHeaders,
};

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>meridian ${options.player}</title></head>
<body>
<video id="video" muted playsinline width="320" height="180"></video>
<script>window.__config = ${JSON.stringify(pageConfig).replace(/</g, '\\u003c')};</script>
${scripts.map((_, i) => `<script src="/lib/${i}.js"></script>`).join('\n')}
<script src="/page.js"></script>
</body></html>`;

// W3C ClearKey licence answering {"kids":[...]} with the one key given by --clearkey (used by hls.js).
const license = (body) => {
  const b64url = (hex) => Buffer.from(hex, 'hex').toString('base64url');
  let kids = [];
  try {
    kids = JSON.parse(body).kids || [];
  } catch {
    // answer with the configured key anyway
  }
  const kid = b64url(options.clearkey.kid);
  const keys = (kids.length ? kids : [kid]).filter((k) => k === kid).map((k) => ({ kty: 'oct', kid: k, k: b64url(options.clearkey.key) }));
  return JSON.stringify({ keys, type: 'temporary' });
};

const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const send = (status, type, body) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  if (path === '/') return send(200, 'text/html; charset=utf-8', page);
  if (path === '/page.js') return send(200, 'text/javascript', readFileSync(join(here, 'page.js')));
  const lib = /^\/lib\/(\d+)\.js$/.exec(path);
  if (lib && scripts[Number(lib[1])]) return send(200, 'text/javascript', readFileSync(scripts[Number(lib[1])]));
  if (path === '/clearkey-license' && req.method === 'POST' && options.clearkey) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => send(200, 'application/json', license(Buffer.concat(chunks).toString('utf8'))));
    return undefined;
  }
  if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
  return send(404, 'text/plain', 'not found');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const pageOrigin = `http://127.0.0.1:${server.address().port}`;
log('page server', pageOrigin);

const result = {
  ok: false,
  player: options.player,
  playerVersion: null,
  url: options.url,
  ended: false,
  endedBy: null,
  duration: null,
  playerDuration: null,
  currentTime: null,
  expectedDuration: options.expectDuration,
  playbackRate: options.playbackRate,
  fatal: false,
  errors: [],
  failedRequests: [],
  requests: 0,
  fragments: 0,
  responses: [],
  mssLoaded: options.mss ? false : undefined,
  browser: null,
  elapsedMs: 0,
};
const addError = (entry) => {
  result.errors.push(entry);
  log('error', JSON.stringify(entry));
};

let browser;
let exitCode = 1;
try {
  browser = await playwright.chromium.launch({
    executablePath: options.chromium,
    headless: true,
    // launch() always starts from a fresh temporary profile (its own --user-data-dir), removed on close.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      '--mute-audio',
    ],
  });
  result.browser = `Chromium ${browser.version()}`;
  const context = await browser.newContext();
  const tab = await context.newPage();

  const isPlayerRequest = (url) => /^https?:/.test(url) && !url.startsWith(pageOrigin + '/');
  tab.on('response', (response) => {
    const url = response.url();
    if (!isPlayerRequest(url)) return;
    const status = response.status();
    result.requests++;
    result.responses.push({ url, status });
    if (status >= 400) result.failedRequests.push({ url, status, method: response.request().method() });
  });
  tab.on('requestfailed', (request) => {
    const url = request.url();
    const failure = request.failure();
    const text = failure ? failure.errorText : 'failed';
    if (!isPlayerRequest(url) || text === 'net::ERR_ABORTED') return;
    result.failedRequests.push({ url, status: 0, method: request.method(), error: text });
  });
  tab.on('pageerror', (e) => addError({ source: 'page', fatal: true, type: 'pageerror', details: e.name, message: e.message }));
  tab.on('console', (message) => {
    if (message.type() === 'error') addError({ source: 'console', fatal: false, type: 'console', details: null, message: message.text() });
  });
  await tab.exposeBinding('__emit', (_, kind, data) => {
    log(kind, JSON.stringify(data));
  });

  await tab.goto(pageOrigin + '/');
  const deadline = started + options.timeout * 1000;
  let lastTime = -1;
  let lastProgress = Date.now();
  let state;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    state = await tab.evaluate(() => (window.__state ? window.__state() : null));
    if (!state) {
      if (Date.now() > deadline) break;
      continue;
    }
    if (state.currentTime !== lastTime) {
      lastTime = state.currentTime;
      lastProgress = Date.now();
    }
    const nearEnd = Number.isFinite(state.duration) && state.duration > 0 && state.currentTime >= state.duration - 0.5;
    if (state.ended || state.endedEvent) {
      result.ended = true;
      result.endedBy = 'event';
      break;
    }
    if (nearEnd && Date.now() - lastProgress > 1500) {
      result.ended = true;
      result.endedBy = 'near-end';
      break;
    }
    if (state.fatal) break;
    if (Date.now() - lastProgress > options.stallTimeout * 1000) {
      addError({ source: 'harness', fatal: true, type: 'stalled', details: null, message: `no progress for ${options.stallTimeout} s at currentTime ${state.currentTime}` });
      break;
    }
    if (Date.now() > deadline) {
      addError({ source: 'harness', fatal: true, type: 'timeout', details: null, message: `not ended within ${options.timeout} s (currentTime ${state.currentTime})` });
      break;
    }
  }
  if (state) {
    result.errors.unshift(...state.errors);
    result.fatal = state.fatal || result.errors.some((e) => e.fatal);
    result.playerVersion = state.playerVersion;
    result.duration = Number.isFinite(state.duration) ? state.duration : null;
    result.playerDuration = state.playerDuration;
    result.currentTime = state.currentTime;
    result.fragments = state.fragments;
    result.buffered = state.buffered;
    result.finalPlaybackRate = state.playbackRate;
    if (options.mss) result.mssLoaded = state.mssLoaded;
  } else {
    addError({ source: 'harness', fatal: true, type: 'page', details: null, message: 'the player page never initialised' });
    result.fatal = true;
  }
  if (options.expectDuration !== null) {
    const seen = result.duration;
    if (seen === null || Math.abs(seen - options.expectDuration) > options.durationTolerance) {
      addError({ source: 'harness', fatal: true, type: 'duration', details: null, message: `duration ${seen} is not ${options.expectDuration} ± ${options.durationTolerance}` });
      result.fatal = true;
    }
  }
  result.ok = result.ended && !result.fatal
    && (options.allowFailedRequests || result.failedRequests.length === 0)
    && (!options.strict || result.errors.length === 0);
  exitCode = result.ok ? 0 : 1;
} catch (e) {
  addError({ source: 'harness', fatal: true, type: 'exception', details: e.name, message: e.message });
  result.fatal = true;
  result.ok = false;
} finally {
  result.elapsedMs = Date.now() - started;
  process.stdout.write(JSON.stringify(result) + '\n');
  if (browser) await browser.close().catch(() => {});
  server.close();
}
process.exit(exitCode);
