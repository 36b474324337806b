#!/usr/bin/env node
'use strict';
// Runs the compiled CLI. `npm ci` builds dist/ through the prepare script.
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  console.error('fde-coach is not built yet: run `npm run build` (npm ci does it for you).');
  process.exit(1);
}
require(entry).run(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err && err.message ? err.message : err); process.exitCode = 1; },
);
