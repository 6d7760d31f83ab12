// A real OpenID Connect provider for the tests: panva's certified oidc-provider, configured in the
// shape of Microsoft Entra ID (code flow with PKCE, groups and app roles in the ID token, refresh
// tokens, RP-initiated logout). Started by tests/oidc_provider/process.py on a free port.
//
// Environment: PORT, ISSUER (may be a proxy in front of this process), KEYS_FILE (a private JWKS),
// USERS_FILE ({username: {password, sub, name, email, groups, roles, disabled}}, read on every
// use so a test can change a user's groups or disable them), CLIENT_FILE (one client's metadata).
import fs from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
};
const readJson = (name) => JSON.parse(fs.readFileSync(env(name), 'utf8'));
const users = () => readJson('USERS_FILE');
const bySub = (sub) => Object.values(users()).find((u) => u.sub === sub);
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

const provider = new Provider(env('ISSUER'), {
  clients: [readJson('CLIENT_FILE')],
  jwks: readJson('KEYS_FILE'),
  cookies: { keys: ['test-only-cookie-key'] },
  // Entra puts groups and app roles into the ID token itself.
  claims: {
    openid: ['sub', 'groups', 'roles'],
    profile: ['name', 'preferred_username'],
    email: ['email'],
  },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out of the test directory', `${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Signed out of the test directory', '');
      },
    },
  },
  ttl: {
    AccessToken: 600,
    IdToken: 600,
    RefreshToken: 86400,
    Interaction: 600,
    Session: 86400,
    Grant: 86400,
    AuthorizationCode: 60,
  },
  findAccount: async (ctx, sub) => {
    const user = bySub(sub);
    if (!user || user.disabled) return undefined; // disabled: no sign-in, no refresh
    return {
      accountId: sub,
      claims: async () => ({
        sub,
        name: user.name,
        preferred_username: user.username,
        email: user.email,
        groups: user.groups || [],
        roles: user.roles || [],
      }),
    };
  },
  // First-party application: consent is given by the organisation, as in Entra admin consent.
  loadExistingGrant: async (ctx) => {
    const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) {
      const grant = await ctx.oidc.provider.Grant.find(existing);
      if (grant) return grant;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email offline_access');
    await grant.save();
    return grant;
  },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Directory error', `<p id="error">${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
  },
});
provider.proxy = true;

const readBody = (req) => new Promise((resolve, reject) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(new URLSearchParams(data)));
  req.on('error', reject);
});

const loginForm = (uid, error = '') => page('Sign in to the test directory', `
${error ? `<p id="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
  <label for="username">Username</label> <input id="username" name="username" autocomplete="off">
  <label for="password">Password</label> <input id="password" name="password" type="password">
  <button type="submit">Sign in</button>
</form>`);

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const send = (status, html) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  };
  if (req.method === 'GET') {
    return send(200, loginForm(details.uid));
  }
  const form = await readBody(req);
  const user = users()[form.get('username') || ''];
  if (!user || user.password !== form.get('password')) {
    return send(200, loginForm(details.uid, 'Wrong username or password.'));
  }
  if (user.disabled) {
    return send(200, loginForm(details.uid, 'Your account has been disabled.'));
  }
  return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, {
    mergeWithLastSubmission: false,
  });
}

const handler = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${err.message}`);
    });
    return;
  }
  handler(req, res);
});
server.listen(Number(env('PORT')), '127.0.0.1', () => {
  process.stdout.write(`listening on ${env('PORT')}\n`);
});
