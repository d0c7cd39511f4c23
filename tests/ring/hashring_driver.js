// Reference client for the ketama tests: which server the npm `hashring` package picks per key.
// Usage: node hashring_driver.js NAME:WEIGHT ... < keys; prints "key<TAB>server" per line.
'use strict';
const HashRing = require('hashring');
const servers = {};
for (const spec of process.argv.slice(2)) {
  const at = spec.lastIndexOf(':');
  servers[spec.slice(0, at)] = Number(spec.slice(at + 1));
}
const ring = new HashRing(servers, 'md5');
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
process.stdout.write(lines.map((k) => `${k}\t${ring.get(k)}`).join('\n') + '\n');
