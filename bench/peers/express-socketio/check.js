'use strict';
// A sanity check of the peer with the stock socket.io-client (npm run check):
// starts server.js on a free port, checks the handshake, the signature check and
// the delivery of new-message, then posts a short burst of webhooks and prints
// how many events/s came through. The real figures come from the compiled
// harness (bench/), not from this: a Node.js client process is itself a
// bottleneck for more than a few hundred clients.
//   node check.js [--clients N] [--events N]

const assert = require('assert');
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { io } = require('socket.io-client');

const args = process.argv.slice(2);
function option(name, fallback) {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
}
const clientCount = option('clients', 20);
const eventCount = option('events', 2000);

const secret = crypto.randomBytes(16).toString('hex');
const agentToken = crypto.randomBytes(16).toString('hex');
const pageId = '104216672283716';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peer-check-'));
const portFile = path.join(dir, 'port');

function waitFor(predicate, what, ms = 10000) {
    return new Promise((resolve, reject) => {
        const started = Date.now();
        const timer = setInterval(() => {
            if (predicate()) {
                clearInterval(timer);
                resolve();
            } else if (Date.now() - started > ms) {
                clearInterval(timer);
                reject(new Error(`timed out waiting for ${what}`));
            }
        }, 5);
    });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function post(port, body, signature) {
    return new Promise((resolve, reject) => {
        const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
        if (signature !== null)
            headers['X-Hub-Signature-256'] = signature;
        const req = http.request({ host: '127.0.0.1', port, path: '/webhook', method: 'POST', headers, agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode));
        });
        req.on('error', reject);
        req.end(body);
    });
}
const sign = (body) => 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');
const webhook = (n) => JSON.stringify({
    object: 'page',
    entry: [{ id: pageId, time: Date.now(), messaging: [{
        sender: { id: `psid-${n % 50}` }, recipient: { id: pageId }, timestamp: Date.now(),
        message: { mid: `m_${n}`, text: `hello ${n}` },
    }] }],
});
function connect(port, auth) {
    return io(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth, reconnection: false });
}

async function main() {
    const server = spawn(process.execPath, [path.join(__dirname, 'server.js'), '--port', '0', '--port-file', portFile,
        '--app-secret', secret, '--verify-token', 'verify-me', '--agent-token', agentToken],
        { stdio: ['ignore', 'inherit', 'inherit'] });
    const exited = new Promise((resolve) => server.once('exit', resolve));
    try {
        await waitFor(() => fs.existsSync(portFile), 'the port file');
        const port = Number(fs.readFileSync(portFile, 'utf8'));

        const intruder = connect(port, { token: 'wrong', pages: [pageId] });
        let refused = '';
        intruder.on('connect_error', (error) => { refused = error.message; });
        await waitFor(() => refused, 'connect_error for a wrong token');
        assert.strictEqual(refused, 'unauthorized');
        intruder.close();

        const clients = [];
        let received = 0;
        for (let i = 0; i < clientCount; ++i) {
            const client = connect(port, { token: agentToken, pages: [pageId], agent: `agent-${i % 5}` });
            client.on('new-message', (message) => {
                assert.strictEqual(message.page_id, pageId);
                ++received;
            });
            clients.push(client);
        }
        await waitFor(() => clients.every((c) => c.connected), 'every client connected');

        assert.strictEqual(await post(port, webhook(0), 'sha256=' + '0'.repeat(64)), 403);
        assert.strictEqual(await post(port, webhook(0), null), 403);
        assert.strictEqual(await post(port, '{nope', sign('{nope')), 400);
        assert.strictEqual(await post(port, webhook(0), sign(webhook(0))), 200);
        await waitFor(() => received === clientCount, 'the first event on every client');
        assert.strictEqual(received, clientCount, 'an event went twice to a socket in both rooms');

        received = 0;
        const bodies = Array.from({ length: eventCount }, (_, n) => webhook(n + 1));
        const started = process.hrtime.bigint();
        let next = 0;
        await Promise.all(Array.from({ length: 16 }, async () => {
            while (next < bodies.length) {
                const body = bodies[next++];
                assert.strictEqual(await post(port, body, sign(body)), 200);
            }
        }));
        await waitFor(() => received === eventCount * clientCount, 'every event on every client', 60000);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        console.log(`check: ok; ${eventCount} events to ${clientCount} clients in ${seconds.toFixed(2)} s: `
            + `${Math.round(eventCount / seconds)} events/s, ${Math.round(received / seconds)} deliveries/s `
            + '(one process for client and server: a sanity check, not a benchmark)');
        for (const client of clients)
            client.close();
    } finally {
        agent.destroy();
        server.kill('SIGTERM');
        await exited;
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((error) => {
    console.error(`check: FAILED: ${error.message}`);
    process.exitCode = 1;
});
