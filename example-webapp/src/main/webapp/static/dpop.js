// The example's DPoP page (RFC 9449): a key made here with WebCrypto, not extractable, proves
// possession on every request; the tokens it gets are bound to that key and live in this
// script's variables only (no cookie, no localStorage, no sessionStorage), gone on reload.
'use strict';

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();

let keyPair = null;     // the CryptoKeyPair; its private key cannot be exported
let publicJwk = null;   // its public half as a JWK, the proofs' "jwk" header
let tokens = null;      // {access, refresh, type} of the current login
let nonce = null;       // the server's latest DPoP-Nonce, when it asks for nonces

function say(text, kind) {
  $('message').textContent = text;
  $('message').dataset.kind = kind || 'info';
}

function base64url(bytes) {
  let binary = '';
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64urlJson(value) {
  return base64url(encoder.encode(JSON.stringify(value)));
}

async function sha256(text) {
  return base64url(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

// A new key for each login: extractable false keeps the private key out of every script's
// reach (an XSS can still ask this page to sign while it is open, but cannot carry the key off).
async function newKey() {
  keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
  publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

// The RFC 7638 thumbprint, the cnf.jkt the server binds the tokens to.
function thumbprint(jwk) {
  return sha256(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }));
}

// The proof's htu: the request's URL without query or fragment.
function target(path) {
  const url = new URL(path, document.baseURI);
  return url.origin + url.pathname;
}

// A DPoP proof for one request; with an access token, its hash as ath.
async function proof(method, path, accessToken) {
  const claims = {
    jti: base64url(crypto.getRandomValues(new Uint8Array(16))),
    htm: method,
    htu: target(path),
    iat: Math.floor(Date.now() / 1000)
  };
  if (accessToken) claims.ath = await sha256(accessToken);
  if (nonce) claims.nonce = nonce;
  const input = base64urlJson({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk }) + '.'
      + base64urlJson(claims);
  // WebCrypto's ECDSA signature is r || s, 64 bytes: the JWS form of ES256 as it is.
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' },
      keyPair.privateKey, encoder.encode(input));
  return input + '.' + base64url(signature);
}

async function errorOf(response) {
  try {
    const body = await response.clone().json();
    return { error: body.error || '', description: body.error_description || body.error || response.statusText };
  } catch (e) {
    const challenge = response.headers.get('WWW-Authenticate') || '';
    const error = /error="([^"]*)"/.exec(challenge);
    const description = /error_description="([^"]*)"/.exec(challenge);
    return { error: error ? error[1] : '', description: description ? description[1] : response.statusText };
  }
}

// One request with a fresh proof (and the access token, when given), never with cookies: a
// cookie of the other page beside the Authorization header would be refused. When the server
// answers use_dpop_nonce, once more with the nonce it sent.
async function send(method, path, options) {
  for (let attempt = 0; ; attempt++) {
    const headers = { DPoP: await proof(method, path, options.access) };
    if (options.access) headers.Authorization = 'DPoP ' + options.access;
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method, headers, credentials: 'omit',
      body: options.json === undefined ? undefined : JSON.stringify(options.json)
    });
    const offered = response.headers.get('DPoP-Nonce');
    if (offered) nonce = offered;
    if (attempt === 0 && offered && (await errorOf(response)).error === 'use_dpop_nonce') continue;
    return response;
  }
}

function showLogin() {
  tokens = null;
  keyPair = null;
  publicJwk = null;
  $('session').hidden = true;
  $('login').hidden = false;
  $('who').textContent = '';
  $('me').textContent = '';
  $('token-type').textContent = '';
  $('jkt').textContent = '';
}

// Rotates the tokens with a proof of the same key; false when the session has ended.
async function refresh() {
  if (!tokens) return false;
  const response = await send('POST', 'auth/refresh', { json: { refresh_token: tokens.refresh } });
  if (!response.ok) {
    const why = await errorOf(response);
    showLogin();
    say('Your session has ended: ' + why.description + '. Please log in again.', 'error');
    return false;
  }
  const body = await response.json();
  tokens = { access: body.access_token, refresh: body.refresh_token, type: body.token_type };
  $('token-type').textContent = tokens.type;
  return true;
}

// GET with the access token and a proof; on 401 refresh once (the access token lives minutes).
async function get(path) {
  let response = await send('GET', path, { access: tokens.access });
  if (response.status === 401 && await refresh()) {
    response = await send('GET', path, { access: tokens.access });
  }
  return response;
}

async function showMe() {
  if (!tokens) return;
  const response = await get('api/me');
  if (!tokens) return;   // the refresh failed and said why
  if (!response.ok) {
    say('GET /api/me: ' + response.status + ' ' + (await errorOf(response)).description, 'error');
    return;
  }
  const me = await response.json();
  $('who').textContent = me.name;
  $('me').textContent = JSON.stringify(me, null, 2);
  $('login').hidden = true;
  $('session').hidden = false;
}

async function login(event) {
  event.preventDefault();
  await newKey();
  const response = await send('POST', 'auth/login',
      { json: { username: $('username').value, password: $('password').value } });
  $('password').value = '';
  if (response.status === 429) {
    say('Too many failed attempts. Try again in ' + response.headers.get('Retry-After')
        + ' seconds.', 'error');
    return;
  }
  if (!response.ok) {
    const why = await errorOf(response);
    say(why.error === 'invalid_grant' ? 'Wrong user name or password.'
        : 'Login refused: ' + why.description, 'error');
    return;
  }
  const body = await response.json();
  tokens = { access: body.access_token, refresh: body.refresh_token, type: body.token_type };
  $('token-type').textContent = tokens.type;
  $('jkt').textContent = await thumbprint(publicJwk);
  await showMe();
  if (!tokens) return;
  say(tokens.type === 'DPoP' ? 'Logged in with DPoP-bound tokens.'
      : 'Logged in, but the server issued bearer tokens: its DPoP is off.',
      tokens.type === 'DPoP' ? 'ok' : 'error');
}

async function refreshClicked() {
  if (await refresh()) {
    say('The tokens were refreshed, bound to the same key.', 'ok');
    await showMe();
  }
}

async function logout() {
  if (!tokens) return;
  let response = await send('POST', 'auth/logout', { access: tokens.access });
  if (response.status === 401 && await refresh()) {
    response = await send('POST', 'auth/logout', { access: tokens.access });
  }
  showLogin();
  say(response.ok ? 'You have logged out.' : 'Your session had already ended.', 'ok');
}

document.addEventListener('DOMContentLoaded', () => {
  $('login').addEventListener('submit', login);
  $('me-button').addEventListener('click', showMe);
  $('refresh-button').addEventListener('click', refreshClicked);
  $('logout-button').addEventListener('click', logout);
  if (!window.crypto || !crypto.subtle) {
    say('This page needs WebCrypto, which browsers offer on https and on localhost only.', 'error');
    $('login-button').disabled = true;
  } else {
    say('Please log in.');
  }
});
