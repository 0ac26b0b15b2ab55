'use strict';
// The benchmark peer: a Messenger webhook relay built the way common helpdesk
// dashboard backends are (Express receives the webhook, Socket.IO pushes it to
// the agents' browsers).
//
// IT KEEPS NOTHING ON DISK. Events live only in memory for the time it takes to
// emit them, and the conversation → agent assignment is an in-memory Map that
// is lost on restart. A webhook is answered 200 as soon as its events are
// emitted, not once they are stored. Relaydesk's relay answers only after the
// events are durably committed to SQLite: every figure measured against this
// peer must say so. (The only file it writes is the optional --port-file.)
//
// Runs on Node.js 18 (Debian 12) and later.

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const express = require('express');
const { Server } = require('socket.io');

const USAGE = `usage: node server.js [--host ADDR] [--port N] [--port-file FILE]
       [--app-secret S] [--verify-token T] [--agent-token T]
  --host        address to listen on (default 127.0.0.1)
  --port        port to listen on; 0 picks a free one (default 0)
  --port-file   write the bound port to FILE once listening
  --app-secret  the Meta app secret that signs webhooks (or RELAYDESK_APP_SECRET)
  --verify-token  the webhook verification token (or RELAYDESK_VERIFY_TOKEN)
  --agent-token   the token agents present in the Socket.IO handshake
                  (or RELAYDESK_AGENT_TOKEN)`;

function fail(message) {
    process.stderr.write(`express-socketio-peer: ${message}\n${USAGE}\n`);
    process.exit(2);
}

function parseArgs(argv) {
    const options = {
        host: '127.0.0.1',
        port: '0',
        'port-file': '',
        'app-secret': process.env.RELAYDESK_APP_SECRET || '',
        'verify-token': process.env.RELAYDESK_VERIFY_TOKEN || '',
        'agent-token': process.env.RELAYDESK_AGENT_TOKEN || '',
    };
    for (let i = 0; i < argv.length; ++i) {
        const arg = argv[i];
        if (arg === '--help' || arg === '-h') {
            process.stdout.write(USAGE + '\n');
            process.exit(0);
        }
        const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
        if (!match || !(match[1] in options))
            fail(`unknown argument ${JSON.stringify(arg)}`);
        let value = match[2];
        if (value === undefined) {
            if (i + 1 >= argv.length)
                fail(`--${match[1]} needs a value`);
            value = argv[++i];
        }
        options[match[1]] = value;
    }
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        fail(`--port must be 0..65535, got ${JSON.stringify(options.port)}`);
    options.port = port;
    if (!options['app-secret'])
        fail('an app secret is required (--app-secret or RELAYDESK_APP_SECRET)');
    if (!options['verify-token'])
        fail('a verify token is required (--verify-token or RELAYDESK_VERIFY_TOKEN)');
    if (!options['agent-token'])
        fail('an agent token is required (--agent-token or RELAYDESK_AGENT_TOKEN)');
    return options;
}

const options = parseArgs(process.argv.slice(2));
const appSecret = options['app-secret'];
const verifyToken = options['verify-token'];
const agentToken = options['agent-token'];

// --- conversation → agent assignment (memory only) ---------------------------

const onlineAgents = new Map(); // agent id → number of its connected sockets
const assignments = new Map();  // "pageId:psid" → agent id
let nextAgent = 0;

function assignedAgent(pageId, psid) {
    const key = `${pageId}:${psid}`;
    let agent = assignments.get(key);
    if (agent === undefined && onlineAgents.size > 0) {
        const agents = [...onlineAgents.keys()];
        agent = agents[nextAgent++ % agents.length];
        assignments.set(key, agent);
    }
    return agent;
}

// --- Express: the webhook ----------------------------------------------------

const app = express();
app.disable('x-powered-by');
const server = http.createServer(app);
const io = new Server(server);

function signatureMatches(header, rawBody) {
    const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header || '');
    if (!match)
        return false;
    const expected = crypto.createHmac('sha256', appSecret).update(rawBody).digest();
    return crypto.timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
}

function httpError(status, message) {
    const error = new Error(message);
    error.status = status;
    return error;
}

app.get('/webhook', (req, res) => {
    if (req.query['hub.mode'] === 'subscribe' && req.query['hub.verify_token'] === verifyToken
        && typeof req.query['hub.challenge'] === 'string') {
        res.status(200).type('text/plain').send(req.query['hub.challenge']);
    } else {
        res.sendStatus(403);
    }
});

// The signature is checked on the raw bytes, before the JSON is parsed: a body
// with a bad or missing signature is 403 whatever it holds; a signed body that
// is not JSON is 400.
const webhookBody = express.json({
    type: () => true,
    limit: '1mb',
    verify: (req, res, buf) => {
        req.signatureChecked = true;
        if (!signatureMatches(req.get('X-Hub-Signature-256'), buf))
            throw httpError(403, 'bad or missing X-Hub-Signature-256');
    },
});

function relayEvent(pageId, event) {
    const psid = event.sender && event.sender.id;
    if (!psid)
        return;
    let name;
    let payload;
    if (event.message && !event.message.is_echo) {
        name = 'new-message';
        payload = {
            page_id: pageId,
            psid,
            mid: event.message.mid,
            text: event.message.text === undefined ? null : event.message.text,
            timestamp: event.timestamp,
            attachments: event.message.attachments || [],
        };
    } else if (event.delivery || event.read) {
        const status = event.delivery ? 'delivered' : 'read';
        const detail = event.delivery || event.read;
        name = 'message-status';
        payload = {
            page_id: pageId,
            psid,
            status,
            mids: detail.mids || [],
            watermark: detail.watermark,
            timestamp: event.timestamp,
        };
    } else {
        return;
    }
    const agent = assignedAgent(pageId, psid);
    // One emit to both rooms: Socket.IO sends it once to a socket that is in both.
    let target = io.to(`page:${pageId}`);
    if (agent !== undefined)
        target = target.to(`agent:${agent}`);
    target.emit(name, payload);
}

app.post('/webhook', webhookBody, (req, res) => {
    if (!req.signatureChecked) {
        // No body at all: nothing was verified or parsed.
        if (!signatureMatches(req.get('X-Hub-Signature-256'), Buffer.alloc(0)))
            return res.sendStatus(403);
        return res.sendStatus(400);
    }
    const body = req.body;
    if (!body || body.object !== 'page' || !Array.isArray(body.entry))
        return res.sendStatus(404);
    for (const entry of body.entry) {
        if (!entry || !Array.isArray(entry.messaging))
            continue;
        const pageId = String(entry.id);
        for (const event of entry.messaging) {
            if (event && typeof event === 'object')
                relayEvent(pageId, event);
        }
    }
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
});

app.get('/healthz', (req, res) => {
    res.status(200).json({ ok: true, clients: io.engine.clientsCount });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
    let status = err.status || err.statusCode || 500;
    if (err.type === 'entity.parse.failed')
        status = 400;
    res.status(status).type('text/plain').send(http.STATUS_CODES[status] || 'Error');
});

// --- Socket.IO: the agents ---------------------------------------------------

io.use((socket, next) => {
    const auth = socket.handshake.auth || {};
    if (auth.token !== agentToken)
        return next(new Error('unauthorized'));
    next();
});

io.on('connection', (socket) => {
    const auth = socket.handshake.auth;
    const rooms = [];
    if (Array.isArray(auth.pages)) {
        for (const page of auth.pages) {
            if (typeof page === 'string' || typeof page === 'number')
                rooms.push(`page:${page}`);
        }
    }
    const agent = typeof auth.agent === 'string' || typeof auth.agent === 'number'
        ? String(auth.agent) : undefined;
    if (agent !== undefined) {
        rooms.push(`agent:${agent}`);
        onlineAgents.set(agent, (onlineAgents.get(agent) || 0) + 1);
        socket.on('disconnect', () => {
            const left = onlineAgents.get(agent) - 1;
            if (left > 0)
                onlineAgents.set(agent, left);
            else
                onlineAgents.delete(agent);
        });
    }
    socket.join(rooms);
});

// --- start and stop ----------------------------------------------------------

server.on('error', (error) => {
    process.stderr.write(`express-socketio-peer: cannot listen on ${options.host}:${options.port}: ${error.message}\n`);
    process.exit(1);
});

server.listen(options.port, options.host, () => {
    const port = server.address().port;
    if (options['port-file']) {
        // Written whole, then renamed, so a reader never sees half a number.
        const file = path.resolve(options['port-file']);
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, `${port}\n`);
        fs.renameSync(temporary, file);
    }
    process.stderr.write(`express-socketio-peer: listening on ${options.host}:${port} (pid ${process.pid}; keeps nothing on disk)\n`);
});

let stopping = false;
function stop(signal) {
    if (stopping)
        return;
    stopping = true;
    process.stderr.write(`express-socketio-peer: ${signal}, shutting down\n`);
    // io.close() disconnects every socket and closes the HTTP server; idle
    // keep-alive connections would hold that open on Node 18, so close them too.
    io.close(() => {
        process.stderr.write('express-socketio-peer: stopped\n');
        process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
        server.closeAllConnections();
        process.exit(0);
    }, 2000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
