// The engine floor's dynamic provider: the least a provider can do for this resource. Each create, update and
// delete is one authenticated PUT to the same Graph path on the same emulator as SynchronizationSecrets, over TLS
// with a keep-alive agent; the token is one client-credentials request per provider process, made on the first
// write. No check, no diff (the engine diffs the inputs itself), no retries, no reads.
//
// floorPackage.ts installs this file as a package, so that Pulumi serializes it as a require() by package name, as
// it does our shim: both stacks then carry a __provider of the same few hundred bytes, and the engine does the same
// work per resource for each.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: see above */
const https = require("node:https");
const { URLSearchParams } = require("node:url");

const agent = new https.Agent({ keepAlive: true });
let settings;
let tokenRequest;

function send(url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, headers, agent }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ code: response.statusCode, text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

function accessToken() {
  tokenRequest ??= send(
    `${settings.authorityHost}/${settings.tenantId}/oauth2/v2.0/token`,
    "POST",
    { "content-type": "application/x-www-form-urlencoded" },
    new URLSearchParams({
      grant_type: "client_credentials",
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      scope: `${settings.graphEndpoint}/.default`,
    }).toString(),
  ).then((answer) => {
    if (answer.code !== 200) {
      throw new Error(`the floor's token request answered ${answer.code}`);
    }
    return JSON.parse(answer.text).access_token;
  });
  return tokenRequest;
}

async function putSecrets(servicePrincipalId, baseAddress, secretToken) {
  const token = await accessToken();
  const body = JSON.stringify({
    value: [
      { key: "BaseAddress", value: baseAddress },
      { key: "SecretToken", value: secretToken },
    ],
  });
  const url = `${settings.graphEndpoint}/v1.0/servicePrincipals/${servicePrincipalId}/synchronization/secrets`;
  const answer = await send(url, "PUT", { authorization: `Bearer ${token}`, "content-type": "application/json" }, body);
  if (answer.code !== 204) {
    throw new Error(`the floor's PUT answered ${answer.code}`);
  }
}

module.exports = {
  async configure(request) {
    // The same stack config our provider reads, so both stacks carry the same (encrypted) settings.
    settings = {
      graphEndpoint: request.config.require("graphsync:graphEndpoint"),
      authorityHost: request.config.require("graphsync:authorityHost"),
      tenantId: request.config.require("graphsync:tenantId"),
      clientId: request.config.require("graphsync:clientId"),
      clientSecret: request.config.require("graphsync:clientSecret"),
    };
  },
  async create(inputs) {
    await putSecrets(inputs.servicePrincipalId, inputs.baseAddress, inputs.secretToken);
    return { id: inputs.servicePrincipalId, outs: inputs };
  },
  async update(_id, _olds, news) {
    await putSecrets(news.servicePrincipalId, news.baseAddress, news.secretToken);
    return { outs: news };
  },
  async delete(_id, props) {
    // An empty value removes a plain key, as our delete does.
    await putSecrets(props.servicePrincipalId, "", "");
  },
};
