// The example's page, in cookie mode: the tokens stay in HttpOnly cookies; this script only
// copies the XSRF-TOKEN cookie into the X-XSRF-TOKEN header of unsafe requests.
'use strict';

const $ = (id) => document.getElementById(id);

function say(text, kind) {
  $('message').textContent = text;
  $('message').dataset.kind = kind || 'info';
}

function xsrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : null;
}

function post(path, body) {
  const headers = {};
  const xsrf = xsrfToken();
  if (xsrf) headers['X-XSRF-TOKEN'] = xsrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, {
    method: 'POST', headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)
  });
}

async function errorOf(response) {
  try {
    const body = await response.json();
    return body.error_description || body.error || response.statusText;
  } catch (e) {
    return response.statusText;
  }
}

// Why the last refresh failed, to tell an expired session from a revoked one.
let refreshFailure = null;

async function refresh() {
  if (!xsrfToken()) return false;             // no session cookies at all
  const response = await post('auth/refresh');
  if (response.ok) return true;
  refreshFailure = await errorOf(response);
  return false;
}

// GET with the access cookie; on 401 refresh once (the access token lives minutes) and retry.
async function get(path) {
  let response = await fetch(path, { credentials: 'same-origin' });
  if (response.status === 401 && await refresh()) {
    response = await fetch(path, { credentials: 'same-origin' });
  }
  return response;
}

function showLogin() {
  $('session').hidden = true;
  $('login').hidden = false;
  $('me').textContent = '';
  $('ping').textContent = '';
}

async function showSession() {
  const response = await get('api/me');
  if (response.ok) {
    const me = await response.json();
    $('who').textContent = me.name;
    $('me').textContent = JSON.stringify(me, null, 2);
    $('login').hidden = true;
    $('session').hidden = false;
    return true;
  }
  const reason = refreshFailure || await errorOf(response);
  showLogin();
  if (/revoked|already used/.test(reason)) {
    say('Your session was revoked. Please log in again.', 'error');
  } else if (/expired/.test(reason)) {
    say('Your session has expired. Please log in again.', 'error');
  } else {
    say('Please log in.');
  }
  return false;
}

async function login(event) {
  event.preventDefault();
  refreshFailure = null;
  const response = await post('auth/login?mode=cookie',
      { username: $('username').value, password: $('password').value });
  $('password').value = '';
  if (response.status === 429) {
    say('Too many failed attempts. Try again in ' + response.headers.get('Retry-After')
        + ' seconds.', 'error');
  } else if (!response.ok) {
    say('Wrong user name or password.', 'error');
  } else if (await showSession()) {
    say('Logged in.', 'ok');
  }
}

async function ping() {
  const response = await get('api/admin/ping');
  $('ping').textContent = response.ok
      ? JSON.stringify(await response.json(), null, 2)
      : response.status + ' ' + await errorOf(response);
  if (response.status === 401) await showSession();
}

async function logout() {
  let response = await post('auth/logout');
  if (response.status === 401 && await refresh()) {
    response = await post('auth/logout');   // the access token had expired
  }
  refreshFailure = null;
  showLogin();
  say(response.ok ? 'You have logged out.' : 'Your session had already ended.', 'ok');
}

document.addEventListener('DOMContentLoaded', () => {
  $('login').addEventListener('submit', login);
  $('ping-button').addEventListener('click', ping);
  $('logout-button').addEventListener('click', logout);
  showSession();
});
