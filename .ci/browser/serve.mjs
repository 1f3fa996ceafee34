#!/usr/bin/env node
// A small static file server for the CI browser checks.
//
//   node serve.mjs --dir DIR [--port 0] [--port-file FILE] [--not-found sub/path/404.html]
//
// Serves DIR on 127.0.0.1 only. `/x/` is answered with `/x/index.html`; a
// folder asked for without its trailing slash is redirected (301) to it, as
// common static hosts do; an unknown path gets status 404 with the body of
// DIR/<not-found> when that file exists. Paths that would leave DIR (`..`
// segments, encoded or not, NUL bytes, backslashes) are refused with 400.
// With --port 0 (the default) the system picks a free port; the port is
// printed on stdout as `listening http://127.0.0.1:PORT/` and, with
// --port-file, written to that file once the server accepts connections.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.webmanifest': 'application/manifest+json',
  '.zip': 'application/zip',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function parseArgs(argv) {
  const opts = { dir: null, port: 0, portFile: null, notFound: 'sub/path/404.html' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--dir') opts.dir = next();
    else if (a === '--port') opts.port = Number(next());
    else if (a === '--port-file') opts.portFile = next();
    else if (a === '--not-found') opts.notFound = next();
    else if (!a.startsWith('--') && !opts.dir) opts.dir = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.dir) throw new Error('usage: serve.mjs --dir DIR [--port N] [--port-file F] [--not-found REL]');
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('bad --port');
  return opts;
}

function statOrNull(p) {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

export function createServer(dir, notFoundRel = 'sub/path/404.html') {
  const root = path.resolve(dir);
  const notFoundFile = path.join(root, notFoundRel);

  function send(req, res, status, headers, body) {
    res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  }

  function sendFile(req, res, status, file) {
    let body;
    try {
      body = fs.readFileSync(file);
    } catch {
      return send(req, res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'read error\n');
    }
    send(req, res, status, { 'Content-Type': contentType(file), 'Content-Length': body.length }, body);
  }

  function notFound(req, res) {
    const st = statOrNull(notFoundFile);
    if (st && st.isFile()) return sendFile(req, res, 404, notFoundFile);
    send(req, res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'not found\n');
  }

  return http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(req, res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'method not allowed\n');
    }
    const rawPath = (req.url || '/').split('?')[0].split('#')[0];
    let decoded;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'bad path encoding\n');
    }
    const segments = decoded.split('/');
    if (
      !decoded.startsWith('/') ||
      decoded.includes('\0') ||
      decoded.includes('\\') ||
      segments.some((s) => s === '..')
    ) {
      return send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'path refused\n');
    }
    let file = path.join(root, decoded);
    if (file !== root && !file.startsWith(root + path.sep)) {
      return send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'path refused\n');
    }
    let st = statOrNull(file);
    if (st && st.isDirectory()) {
      if (!decoded.endsWith('/')) {
        const q = (req.url || '').includes('?') ? (req.url || '').slice((req.url || '').indexOf('?')) : '';
        return send(req, res, 301, { Location: rawPath + '/' + q, 'Content-Type': 'text/plain; charset=utf-8' }, 'moved\n');
      }
      file = path.join(file, 'index.html');
      st = statOrNull(file);
    } else if (decoded.endsWith('/')) {
      // `/x.html/` is not a folder: 404 as static hosts do
      st = null;
    }
    if (!st || !st.isFile()) return notFound(req, res);
    // a symlink could still point outside the root
    let real;
    try {
      real = fs.realpathSync(file);
    } catch {
      return notFound(req, res);
    }
    const realRoot = fs.realpathSync(root);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
      return send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'path refused\n');
    }
    sendFile(req, res, 200, file);
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`serve.mjs: ${e.message}`);
    process.exit(2);
  }
  if (!statOrNull(opts.dir)?.isDirectory()) {
    console.error(`serve.mjs: ${opts.dir} is not a folder`);
    process.exit(2);
  }
  const server = createServer(opts.dir, opts.notFound);
  server.on('error', (e) => {
    console.error(`serve.mjs: ${e.message}`);
    process.exit(1);
  });
  server.listen(opts.port, '127.0.0.1', () => {
    const { port } = server.address();
    if (opts.portFile) {
      const tmp = `${opts.portFile}.tmp`;
      fs.writeFileSync(tmp, `${port}\n`);
      fs.renameSync(tmp, opts.portFile);
    }
    console.log(`listening http://127.0.0.1:${port}/ (serving ${path.resolve(opts.dir)})`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // close() waits for keep-alive sockets; do not hang on them
  process.on('SIGTERM', () => setTimeout(() => process.exit(0), 500).unref());
}
