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

// The signed-in user's name, for a step-up login.
let currentUser = null;

// Why the last refresh failed, to tell an expired session from a revoked one.
let refreshFailure = null;

async function refresh() {
  if (!xsrfToken()) return false;             // no session cookies at all
  const response = await post('auth/refresh');
  if (response.ok) return true;
  refreshFailure = await errorOf(response);
  return false;
}

// A 401 asking for a stronger or more recent login (RFC 9470 step-up): a refresh cannot help,
// since refreshed tokens keep the login's acr and auth_time.
function stepUpAsked(response) {
  return response.status === 401
      && /error="insufficient_user_authentication"/.test(response.headers.get('WWW-Authenticate') || '');
}

// GET with the access cookie; on 401 refresh once (the access token lives minutes) and retry.
async function get(path) {
  let response = await fetch(path, { credentials: 'same-origin' });
  if (response.status === 401 && !stepUpAsked(response) && await refresh()) {
    response = await fetch(path, { credentials: 'same-origin' });
  }
  return response;
}

// POST without a body, refreshing once on 401 like get().
async function act(path) {
  let response = await post(path);
  if (response.status === 401 && await refresh()) {
    response = await post(path);
  }
  return response;
}

function showLogin() {
  $('session').hidden = true;
  $('step-up').hidden = true;
  $('login').hidden = false;
  $('who').textContent = '';
  $('me').textContent = '';
  $('ping').textContent = '';
  $('payments').textContent = '';
  hideAdmin();
}

async function showSession() {
  const response = await get('api/me');
  if (response.ok) {
    const me = await response.json();
    $('who').textContent = me.name;
    currentUser = me.sub;
    $('me').textContent = JSON.stringify(me, null, 2);
    $('login').hidden = true;
    $('session').hidden = false;
    if (me.roles.includes('admin')) {
      showAdmin();
    } else {
      hideAdmin();
    }
    return true;
  }
  const reason = refreshFailure || await errorOf(response);
  showLogin();
  if (/revoked|already used/.test(reason)) {
    say('Your session has ended: it was revoked. Please log in again.', 'error');
  } else if (/expired/.test(reason)) {
    say('Your session has ended: it expired. Please log in again.', 'error');
  } else {
    say('Please log in.');
  }
  return false;
}

// --- The admin view: a user's sessions, revoke one or all ---

function hideAdmin() {
  $('admin').hidden = true;
  $('admin-sessions-body').replaceChildren();
  $('audit-events').replaceChildren();
}

async function showAdmin() {
  $('admin').hidden = false;
  await loadUsers();
  await showAuditEvents();
}

// A refusal while in the admin view: a 401 means the admin's own session has ended.
async function adminFailed(response) {
  if (response.status === 401) {
    await showSession();
  } else {
    say(response.status + ' ' + await errorOf(response), 'error');
  }
}

async function loadUsers() {
  const response = await get('admin/users');
  if (!response.ok) return adminFailed(response);
  const select = $('admin-user');
  const chosen = select.value;
  const options = [select.options[0]];
  for (const user of (await response.json()).users) {
    const option = document.createElement('option');
    option.value = user.username;
    option.textContent = user.username + ' (' + user.activeSessions + ' active)';
    options.push(option);
  }
  select.replaceChildren(...options);
  select.value = options.some((o) => o.value === chosen) ? chosen : '';
  await loadSessions();
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function when(iso) {
  return new Date(iso).toLocaleString();
}

async function loadSessions() {
  const user = $('admin-user').value;
  const body = $('admin-sessions-body');
  body.replaceChildren();
  $('admin-sessions').hidden = true;
  $('admin-no-sessions').hidden = true;
  $('revoke-all-button').hidden = !user;
  if (!user) return;
  const response = await get('admin/users/' + encodeURIComponent(user) + '/sessions');
  if (!response.ok) return adminFailed(response);
  const sessions = (await response.json()).sessions;
  for (const session of sessions) {
    const row = document.createElement('tr');
    row.dataset.sessionId = session.id;
    if (session.current) row.classList.add('current');
    const revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.className = 'revoke-session';
    revoke.textContent = session.current ? 'Revoke (this session)' : 'Revoke';
    revoke.addEventListener('click', () => revokeSession(session.id));
    const action = document.createElement('td');
    action.append(revoke);
    row.append(cell(when(session.created)), cell(when(session.lastUsed)),
        cell(session.address || 'unknown'), cell(String(session.refreshes)), action);
    body.append(row);
  }
  $('admin-sessions').hidden = sessions.length === 0;
  $('admin-no-sessions').hidden = sessions.length !== 0;
}

async function revokeSession(id) {
  const response = await act('admin/sessions/' + encodeURIComponent(id) + '/revoke');
  if (!response.ok) return adminFailed(response);
  say('The session was revoked.', 'ok');
  await loadUsers();
  await showAuditEvents();
}

async function revokeAll() {
  const user = $('admin-user').value;
  if (!user) return;
  const response = await act('admin/subjects/' + encodeURIComponent(user) + '/revoke');
  if (!response.ok) return adminFailed(response);
  say('Every session of ' + user + ' was revoked.', 'ok');
  await loadUsers();
  await showAuditEvents();
}

// The latest audit events (GET admin/audit), newest first. Paths and other fields come from
// clients: they go into the page as text (textContent), never as markup.
async function showAuditEvents() {
  const response = await get('admin/audit?limit=50');
  if (!response.ok) return adminFailed(response);
  const events = await response.json();
  const items = events.map((event) => {
    const item = document.createElement('li');
    item.dataset.kind = event.event;
    if (event.sub) item.dataset.sub = event.sub;
    const fields = [
      ['time', when(event.time)],
      ['kind', event.event],
      ['result', [event.outcome, event.reason].filter(Boolean).join(' / ')],
      ['sub', event.sub || ''],
      ['client', event.client || ''],
      ['path', [event.method, event.path].filter(Boolean).join(' ')]
    ];
    for (const [name, text] of fields) {
      const span = document.createElement('span');
      span.className = 'audit-' + name;
      span.textContent = text;
      item.append(span);
    }
    return item;
  });
  $('audit-events').replaceChildren(...items);
  $('audit-empty').hidden = events.length !== 0;
}

async function login(event) {
  event.preventDefault();
  refreshFailure = null;
  const credentials = { username: $('username').value, password: $('password').value };
  if ($('otp').value) credentials.otp = $('otp').value;
  const response = await post('auth/login?mode=cookie', credentials);
  $('password').value = '';
  $('otp').value = '';
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

// GET api/payments, which asks for step-up: on its challenge, ask for the password and the
// second factor, log in again with them, then retry.
async function payments() {
  const response = await get('api/payments');
  if (stepUpAsked(response)) {
    const challenge = response.headers.get('WWW-Authenticate');
    const maxAge = /max_age="(\d+)"/.exec(challenge);
    $('step-up-reason').textContent = 'Payments need a login with your second factor'
        + (maxAge ? ' within the last ' + maxAge[1] + ' seconds' : '') + ': '
        + await errorOf(response) + '.';
    $('payments').textContent = '';
    $('step-up').hidden = false;
    $('step-up-password').focus();
    say('Please confirm with your second factor.');
    return;
  }
  $('payments').textContent = response.ok
      ? JSON.stringify(await response.json(), null, 2)
      : response.status + ' ' + await errorOf(response);
  if (response.status === 401) await showSession();
}

async function stepUp(event) {
  event.preventDefault();
  const response = await post('auth/login?mode=cookie', { username: currentUser,
      password: $('step-up-password').value, otp: $('step-up-otp').value });
  $('step-up-password').value = '';
  $('step-up-otp').value = '';
  if (response.status === 429) {
    say('Too many failed attempts. Try again in ' + response.headers.get('Retry-After')
        + ' seconds.', 'error');
  } else if (!response.ok) {
    say('Wrong password or code.', 'error');
  } else {
    $('step-up').hidden = true;
    say('Confirmed with your second factor.', 'ok');
    await payments();
  }
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
  $('me-button').addEventListener('click', showSession);
  $('ping-button').addEventListener('click', ping);
  $('payments-button').addEventListener('click', payments);
  $('step-up').addEventListener('submit', stepUp);
  $('step-up-cancel').addEventListener('click', () => { $('step-up').hidden = true; });
  $('admin-user').addEventListener('change', loadSessions);
  $('admin-reload-button').addEventListener('click', loadUsers);
  $('revoke-all-button').addEventListener('click', revokeAll);
  $('audit-reload-button').addEventListener('click', showAuditEvents);
  $('logout-button').addEventListener('click', logout);
  showSession();
});
