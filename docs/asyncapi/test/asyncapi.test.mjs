// The AsyncAPI documents against @asyncapi/parser (they must parse with no error) and against the code they
// describe, so that they cannot drift: contracts' Topics, JSON Schemas and golden examples, and the chart's
// topic list. Run: npm test (Maven runs it in `test`, module asyncapi-tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, fromFile } from '@asyncapi/parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import yaml from 'js-yaml';

const here = dirname(fileURLToPath(import.meta.url));
const docs = resolve(here, '..');
const root = resolve(docs, '../..');
const contracts = join(root, 'contracts/src/main/resources/chat/contracts');
const KAFKA = join(docs, 'kafka.asyncapi.yaml');
const CLIENT = join(docs, 'client.asyncapi.yaml');
const ERROR = 0; // diagnostic severity

const parser = new Parser();
const parsed = new Map();
async function parse(file) {
  if (!parsed.has(file)) {
    parsed.set(file, await fromFile(parser, file).parse());
  }
  return parsed.get(file);
}

function contractSchemas() {
  return readdirSync(join(contracts, 'schemas')).map((file) => ({
    file,
    name: file.replace('.schema.json', ''),
    schema: JSON.parse(readFileSync(join(contracts, 'schemas', file), 'utf8')),
  }));
}

// "chat.message.created.v1 on chat.messages.v1 (key: conversationId)" — how contracts describe a Kafka schema.
const KAFKA_DESCRIPTION = /^(\S+) on (chat\.\S+) \((compacted, )?key: (\w+)\)/;

// Every message of a document with the files its raw YAML references (parsing replaces $refs by content).
function rawMessages(file) {
  const raw = yaml.load(readFileSync(file, 'utf8'));
  return Object.entries(raw.components.messages).map(([id, message]) => ({
    id,
    payloadRef: message.payload?.$ref,
    exampleRefs: (message.examples ?? []).map((example) => example.payload?.$ref).filter(Boolean),
  }));
}

function topicConstants() {
  const source = readFileSync(join(root, 'contracts/src/main/java/chat/contracts/Topics.java'), 'utf8');
  return [...source.matchAll(/public static final String \w+ = "(chat\.[^"]+)";/g)].map((match) => match[1]);
}

const normalise = (address) => address.replace(/\{[^}]+\}/g, '{}');

for (const file of [KAFKA, CLIENT]) {
  test(`${basename(file)} parses with no error`, async () => {
    const { document, diagnostics } = await parse(file);
    const errors = diagnostics.filter((d) => d.severity === ERROR);
    assert.deepEqual(errors.map((d) => `${d.code} ${d.message} at ${d.path.join('.')}`), []);
    assert.ok(document, 'a document');
  });

  test(`${basename(file)}: every example is its message's golden example and valid against its payload`, async () => {
    const { document } = await parse(file);
    for (const raw of rawMessages(file)) {
      if (!raw.payloadRef) {
        continue;
      }
      const schemaName = basename(raw.payloadRef).replace('.schema.json', '');
      assert.ok(raw.exampleRefs.length > 0, `${raw.id} has a golden example`);
      for (const ref of raw.exampleRefs) {
        assert.ok(basename(ref).startsWith(schemaName), `${raw.id}: example ${basename(ref)} belongs to ${schemaName}`);
      }
      const message = document.allMessages().get(raw.id);
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      const validate = ajv.compile(message.payload().json());
      const examples = message.examples().all();
      assert.equal(examples.length, raw.exampleRefs.length);
      for (const example of examples) {
        assert.ok(validate(example.payload()), `${raw.id} example ${example.name()}: ${ajv.errorsText(validate.errors)}`);
      }
    }
  });
}

test('every contract schema and golden example is in a document', () => {
  const messages = [...rawMessages(KAFKA), ...rawMessages(CLIENT)];
  const schemas = new Set(messages.map((m) => m.payloadRef && basename(m.payloadRef)).filter(Boolean));
  const examples = new Set(messages.flatMap((m) => m.exampleRefs.map((ref) => basename(ref))));
  assert.deepEqual(contractSchemas().map((s) => s.file).filter((f) => !schemas.has(f)), [], 'schemas missing');
  assert.deepEqual(readdirSync(join(contracts, 'examples')).filter((f) => !examples.has(f)), [], 'examples missing');
  for (const ref of messages.flatMap((m) => [m.payloadRef, ...m.exampleRefs]).filter(Boolean)) {
    assert.ok(ref.startsWith('../../contracts/src/main/resources/chat/contracts/'), `${ref} comes from contracts`);
  }
});

test('kafka: one channel per topic in contracts Topics, plus the dead-letter topics', async () => {
  const { document } = await parse(KAFKA);
  const addresses = document.channels().all().map((c) => c.address());
  assert.deepEqual(addresses.filter((a) => a !== '{sourceTopic}.dlt').sort(), topicConstants().sort());
  assert.ok(addresses.includes('{sourceTopic}.dlt'));
});

test('kafka: each event sits on the topic, with the type, key and compaction its contract names', async () => {
  const { document } = await parse(KAFKA);
  const byId = new Map(rawMessages(KAFKA).map((m) => [m.id, m]));
  const kafkaSchemas = contractSchemas().filter((s) => KAFKA_DESCRIPTION.test(s.schema.description));
  assert.ok(kafkaSchemas.length >= 13);
  for (const contract of kafkaSchemas) {
    const [, type, topic, compacted, key] = contract.schema.description.match(KAFKA_DESCRIPTION);
    const channels = document.channels().all().filter((channel) => channel.messages().all()
      .some((m) => basename(byId.get(m.id()).payloadRef ?? '') === contract.file));
    assert.deepEqual(channels.map((c) => c.address()), [topic], `${contract.file} on ${topic}`);
    const message = channels[0].messages().all().find((m) => basename(byId.get(m.id()).payloadRef) === contract.file);
    const headers = message.headers().json();
    assert.equal(headers.allOf[1].properties.ce_type.const, type, `${contract.file} ce_type`);
    assert.equal(message.name(), type);
    assert.ok(headers.allOf[0].required.includes('ce_type'));
    const binding = message.bindings().get('kafka').value();
    assert.equal(binding.key['x-key-field'], key, `${contract.file} key`);
    assert.ok(key in contract.schema.properties, `${contract.file}: the key ${key} is a field of the payload`);
    const topicConfig = channels[0].bindings().get('kafka').value().topicConfiguration;
    assert.deepEqual(topicConfig['cleanup.policy'], [compacted ? 'compact' : 'delete'], `${topic} cleanup`);
  }
});

test('kafka: writer, public flag, compaction and retention agree with the chart topic list', async () => {
  const { document } = await parse(KAFKA);
  const list = yaml.load(readFileSync(join(root, 'deploy/helm/chat/files/topics.yaml'), 'utf8')).topics;
  const writers = { edge: 'connection-service', message: 'message-service', presence: 'presence-service',
    receipt: 'receipt-service' };
  for (const topic of list) {
    const channel = document.channels().all().find((c) => c.address() === topic.name);
    assert.ok(channel, topic.name);
    const json = channel.json();
    assert.equal(json['x-writer'], writers[topic.writer], `${topic.name} writer`);
    assert.equal(json['x-public'], Boolean(topic.public), `${topic.name} public`);
    const config = channel.bindings().get('kafka').value().topicConfiguration;
    assert.deepEqual(config['cleanup.policy'], [topic.compacted ? 'compact' : 'delete'], `${topic.name} cleanup`);
    assert.equal(config['retention.ms'], topic.retentionMs, `${topic.name} retention`);
    for (const message of channel.messages().all()) {
      assert.equal(message.headers().json().allOf[1].properties.ce_source.const, writers[topic.writer]);
    }
  }
  assert.equal(list.length, topicConstants().length);
});

test('client: each frame is on the destinations its contract names, in the right direction', async () => {
  const { document } = await parse(CLIENT);
  const byId = new Map(rawMessages(CLIENT).map((m) => [m.id, m]));
  const clientSchemas = contractSchemas().filter((s) => !KAFKA_DESCRIPTION.test(s.schema.description));
  assert.ok(clientSchemas.length >= 11);
  for (const contract of clientSchemas) {
    const named = [...contract.schema.description.matchAll(/(\/(?:app|user|topic)\/[\w/{}.-]*\w[}]?)/g)]
      .map((m) => m[1]);
    // "/app/conversations/{cid}/delivered or /read": the second is relative to the first
    const destinations = named.length ? named : [];
    const orSuffix = contract.schema.description.match(/ or (\/\w+)\./);
    if (orSuffix && destinations.length === 1) {
      destinations.push(destinations[0].replace(/\/\w+$/, orSuffix[1]));
    }
    assert.ok(destinations.length > 0, `${contract.file} names its destination`);
    const channels = document.channels().all().filter((channel) => channel.messages().all()
      .some((m) => basename(byId.get(m.id()).payloadRef ?? '') === contract.file));
    assert.deepEqual(channels.map((c) => normalise(c.address())).sort(), destinations.map(normalise).sort(),
      `${contract.file} channels`);
  }
  for (const operation of document.operations().all()) {
    for (const channel of operation.channels().all()) {
      const inbound = channel.address().startsWith('/app/');
      assert.equal(operation.action(), inbound ? 'receive' : 'send', `${operation.id()} on ${channel.address()}`);
    }
  }
});

test('a broken document is reported, not accepted', async () => {
  const broken = readFileSync(KAFKA, 'utf8').replace('protocol: kafka', 'protocol: 42');
  const { diagnostics } = await parser.parse(broken, { source: KAFKA });
  assert.ok(diagnostics.some((d) => d.severity === ERROR), 'an error diagnostic');
});
