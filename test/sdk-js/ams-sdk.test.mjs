// Drives a running Meridian region with the official AMS v3 JavaScript SDK (@azure/arm-mediaservices) over HTTPS with a
// bearer credential, as existing AMS code would. The region and account come from the environment (see Meridian.Region.Tests'
// JsSdkTests, which starts the region and runs this file).
import { test } from "node:test";
import assert from "node:assert/strict";
import { AzureMediaServices } from "@azure/arm-mediaservices";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const endpoint = env("MERIDIAN_CONTROL_PLANE").replace(/\/$/, "");
const apiKey = env("MERIDIAN_API_KEY");
const subscription = env("MERIDIAN_SUBSCRIPTION");
const rg = env("MERIDIAN_RESOURCE_GROUP");
const account = env("MERIDIAN_ACCOUNT");

// A TokenCredential that hands out the region's API key as the bearer token.
const credential = {
  getToken: async () => ({ token: apiKey, expiresOnTimestamp: Date.now() + 3600_000 }),
};
const client = new AzureMediaServices(credential, subscription, { endpoint, $host: endpoint, credentialScopes: [`${endpoint}/.default`] });

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

test("assets: create, get, list across pages, listContainerSas, delete", async () => {
  const names = ["sdk-asset-1", "sdk-asset-2", "sdk-asset-3"];
  for (const name of names) {
    const created = await client.assets.createOrUpdate(rg, account, name, { description: `made by the SDK: ${name}`, alternateId: name.toUpperCase() });
    assert.equal(created.name, name);
    assert.match(created.assetId, /^[0-9a-f-]{36}$/);
    assert.equal(created.container, `asset-${created.assetId}`);
  }

  const got = await client.assets.get(rg, account, "sdk-asset-2");
  assert.equal(got.description, "made by the SDK: sdk-asset-2");
  assert.equal(got.alternateId, "SDK-ASSET-2");
  assert.ok(got.created instanceof Date && !Number.isNaN(got.created.getTime()));

  // The region runs with a small page size, so this follows @odata.nextLink.
  const listed = (await collect(client.assets.list(rg, account))).map((a) => a.name);
  for (const name of names) assert.ok(listed.includes(name), `${name} listed`);

  const filtered = await collect(client.assets.list(rg, account, { filter: "properties/alternateId eq 'SDK-ASSET-3'" }));
  assert.deepEqual(filtered.map((a) => a.name), ["sdk-asset-3"]);

  const sas = await client.assets.listContainerSas(rg, account, "sdk-asset-1", {
    permissions: "ReadWrite",
    expiryTime: new Date(Date.now() + 3600_000),
  });
  assert.equal(sas.assetContainerSasUrls.length, 2);
  for (const url of sas.assetContainerSasUrls) assert.match(url, /^http:\/\/.*sig=/);

  await client.assets.delete(rg, account, "sdk-asset-3");
  await assert.rejects(client.assets.get(rg, account, "sdk-asset-3"), (e) => e.statusCode === 404);
});

test("content key policies: create with a token restriction, secrets blanked, getPolicyPropertiesWithSecrets, list, delete", async () => {
  const key = Buffer.alloc(32, 7);
  const created = await client.contentKeyPolicies.createOrUpdate(rg, account, "sdk-ckp", {
    description: "token policy",
    options: [{
      name: "clearkey",
      configuration: { odataType: "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration" },
      restriction: {
        odataType: "#Microsoft.Media.ContentKeyPolicyTokenRestriction",
        issuer: "urn:meridian:test",
        audience: "urn:meridian:audience",
        primaryVerificationKey: { odataType: "#Microsoft.Media.ContentKeyPolicySymmetricTokenKey", keyValue: key },
        restrictionTokenType: "Jwt",
        requiredClaims: [{ claimType: "urn:microsoft:azure:mediaservices:contentkeyidentifier" }],
      },
    }],
  });
  assert.match(created.policyId, /^[0-9a-f-]{36}$/);
  const blanked = created.options[0].restriction.primaryVerificationKey.keyValue;
  assert.equal(Buffer.from(blanked ?? "").length, 0, "keyValue is blanked in the PUT response");

  const got = await client.contentKeyPolicies.get(rg, account, "sdk-ckp");
  assert.equal(Buffer.from(got.options[0].restriction.primaryVerificationKey.keyValue ?? "").length, 0, "keyValue is blanked on GET");
  assert.equal(got.options[0].restriction.issuer, "urn:meridian:test");

  const secret = await client.contentKeyPolicies.getPolicyPropertiesWithSecrets(rg, account, "sdk-ckp");
  assert.deepEqual(Buffer.from(secret.options[0].restriction.primaryVerificationKey.keyValue), key);

  const listed = (await collect(client.contentKeyPolicies.list(rg, account))).map((p) => p.name);
  assert.ok(listed.includes("sdk-ckp"));

  await client.contentKeyPolicies.createOrUpdate(rg, account, "sdk-ckp-temp", {
    options: [{
      name: "open",
      configuration: { odataType: "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration" },
      restriction: { odataType: "#Microsoft.Media.ContentKeyPolicyOpenRestriction" },
    }],
  });
  await client.contentKeyPolicies.delete(rg, account, "sdk-ckp-temp");
  await assert.rejects(client.contentKeyPolicies.get(rg, account, "sdk-ckp-temp"), (e) => e.statusCode === 404);
});

test("streaming policies: predefined present, create, immutable, list, delete", async () => {
  const predefined = await client.streamingPolicies.get(rg, account, "Predefined_ClearStreamingOnly");
  assert.equal(predefined.noEncryption.enabledProtocols.hls, true);

  const created = await client.streamingPolicies.create(rg, account, "sdk-envelope", {
    defaultContentKeyPolicyName: "sdk-ckp",
    envelopeEncryption: {
      enabledProtocols: { download: false, dash: true, hls: true, smoothStreaming: true },
      contentKeys: { defaultKey: { label: "aesDefaultKey" } },
    },
  });
  assert.equal(created.name, "sdk-envelope");
  assert.ok(created.created instanceof Date);

  await assert.rejects(
    client.streamingPolicies.create(rg, account, "sdk-envelope", {
      noEncryption: { enabledProtocols: { download: true, dash: true, hls: true, smoothStreaming: true } },
    }),
    (e) => e.statusCode === 409);

  const listed = (await collect(client.streamingPolicies.list(rg, account))).map((p) => p.name);
  assert.ok(listed.includes("sdk-envelope"));
  assert.ok(listed.includes("Predefined_MultiDrmStreaming"));

  await client.streamingPolicies.create(rg, account, "sdk-temp", {
    noEncryption: { enabledProtocols: { download: true, dash: false, hls: false, smoothStreaming: false } },
  });
  await client.streamingPolicies.delete(rg, account, "sdk-temp");
  await assert.rejects(client.streamingPolicies.get(rg, account, "sdk-temp"), (e) => e.statusCode === 404);
});

test("streaming locators: caller ids and keys kept, listContentKeys, listPaths, listStreamingLocators, delete", async () => {
  await client.assets.createOrUpdate(rg, account, "sdk-locator-asset", {});
  const locatorId = "90000000-0000-0000-0000-00000000000a";
  const keyId = "60000000-0000-0000-0000-000000000001";
  const keyValue = "1UqLohAfWsEGkULYxHjYZg==";
  const created = await client.streamingLocators.create(rg, account, "sdk-locator", {
    assetName: "sdk-locator-asset",
    streamingPolicyName: "sdk-envelope",
    streamingLocatorId: locatorId.toUpperCase(),
    contentKeys: [{ id: keyId, value: keyValue, labelReferenceInStreamingPolicy: "aesDefaultKey" }],
  });
  assert.equal(created.streamingLocatorId, locatorId);
  // The default end time is 9999-12-31T23:59:59.9999999Z; a JS Date keeps it to the millisecond.
  assert.equal(created.endTime.toISOString(), "9999-12-31T23:59:59.999Z");

  const keys = await client.streamingLocators.listContentKeys(rg, account, "sdk-locator");
  assert.equal(keys.contentKeys.length, 1);
  assert.equal(keys.contentKeys[0].id, keyId);
  assert.equal(keys.contentKeys[0].value, keyValue);
  assert.equal(keys.contentKeys[0].type, "EnvelopeEncryption");
  assert.equal(keys.contentKeys[0].policyName, "sdk-ckp");

  const paths = await client.streamingLocators.listPaths(rg, account, "sdk-locator");
  assert.ok(Array.isArray(paths.streamingPaths));
  assert.ok(Array.isArray(paths.downloadPaths));

  const clear = await client.streamingLocators.create(rg, account, "sdk-clear-locator", {
    assetName: "sdk-locator-asset",
    streamingPolicyName: "Predefined_ClearStreamingOnly",
  });
  assert.match(clear.streamingLocatorId, /^[0-9a-f-]{36}$/);

  const onAsset = await client.assets.listStreamingLocators(rg, account, "sdk-locator-asset");
  assert.deepEqual(onAsset.streamingLocators.map((l) => l.name).sort(), ["sdk-clear-locator", "sdk-locator"]);

  const listed = (await collect(client.streamingLocators.list(rg, account))).map((l) => l.name);
  assert.ok(listed.includes("sdk-locator"));

  await client.streamingLocators.delete(rg, account, "sdk-clear-locator");
  await assert.rejects(client.streamingLocators.get(rg, account, "sdk-clear-locator"), (e) => e.statusCode === 404);
});

test("a wrong credential is refused with 401", async () => {
  const bad = new AzureMediaServices({ getToken: async () => ({ token: "wrong", expiresOnTimestamp: Date.now() + 3600_000 }) },
    subscription, { endpoint, $host: endpoint, credentialScopes: [`${endpoint}/.default`] });
  await assert.rejects(bad.assets.get(rg, account, "sdk-asset-1"), (e) => e.statusCode === 401);
});
