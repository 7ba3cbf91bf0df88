// The files in deploy/, read as Kubernetes and Docker would read them: the core kinds against the Kubernetes schema
// (kubernetes-models), the CRDs (KEDA, KServe) against their documented required fields, and the facts `swsl serve`
// relies on (probe paths, grace periods, non-root). Nothing here builds the image or talks to a cluster.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

interface Manifest {
  readonly file: string;
  // biome-ignore lint/suspicious/noExplicitAny: a manifest is whatever the YAML says; the checks below are its types.
  readonly doc: any;
}

const parseErrors: string[] = [];
const manifests: Manifest[] = ['deploy/kubernetes', 'deploy/kserve'].flatMap((folder) =>
  readdirSync(join(repo, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.ya?ml$/.test(name))
    .flatMap((name) => {
      const file = join(folder, name);
      return parseAllDocuments(readFileSync(join(repo, file), 'utf8')).map((document) => {
        for (const error of document.errors) parseErrors.push(`${file}: ${error.message}`);
        return { file, doc: document.toJS() };
      });
    }),
);

/** The one document of `kind` (a second one, or none, fails). */
function only(kind: string) {
  const found = manifests.filter((m) => m.doc?.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0]!.doc;
}

const envOf = (container: { env?: { name: string; value?: string }[] }, name: string) =>
  container.env?.find((e) => e.name === name)?.value;

describe('deploy/kubernetes and deploy/kserve', () => {
  it('parse, and each document has apiVersion, kind and metadata.name', () => {
    expect(parseErrors).toEqual([]);
    expect(manifests.length).toBeGreaterThanOrEqual(6);
    for (const { file, doc } of manifests) {
      expect(doc?.apiVersion, file).toMatch(/^[\w.-]+(\/[\w.-]+)?$/);
      expect(doc?.kind, file).toMatch(/^[A-Z]\w+$/);
      expect(doc?.metadata?.name, file).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
    }
  });

  it.each([
    ['Deployment', Deployment],
    ['Service', Service],
    ['HorizontalPodAutoscaler', HorizontalPodAutoscaler],
  ] as const)('%s is valid against the Kubernetes schema (kubernetes-models)', (kind, Model) => {
    const doc = only(kind);
    expect(doc.apiVersion).toBe(Model.apiVersion);
    expect(() => new Model(doc).validate()).not.toThrow();
  });
});

describe('the Deployment and its Service', () => {
  const deployment = new Deployment(only('Deployment'));
  const pod = deployment.spec!.template.spec!;
  const server = pod.containers[0]!;
  const port = server.ports!.find((p) => p.name === 'http')!;
  const onServerPort = (p: number | string | undefined) => p === port.name || p === port.containerPort;

  it('listens where the image says (SWSL_SERVE_PORT)', () => {
    expect(port.containerPort).toBe(Number(dockerfile().env.SWSL_SERVE_PORT));
  });

  it('probes readiness and startup on /v2/health/ready, liveness on /v2/health/live, on the container port', () => {
    for (const [probe, path] of [
      [server.readinessProbe, '/v2/health/ready'],
      [server.startupProbe, '/v2/health/ready'],
      [server.livenessProbe, '/v2/health/live'],
    ] as const) {
      expect(probe?.httpGet?.path).toBe(path);
      expect(onServerPort(probe?.httpGet?.port)).toBe(true);
    }
    // Model load and warm-up: at least 2 minutes before the startup probe gives up.
    const startup = server.startupProbe!;
    expect((startup.failureThreshold ?? 3) * (startup.periodSeconds ?? 10)).toBeGreaterThanOrEqual(120);
  });

  it('gives the server longer than the preStop pause plus its own grace period (SWSL_SERVE_GRACE_MS)', () => {
    const preStop = server.lifecycle?.preStop;
    const pause = Number(preStop?.exec?.command?.join(' ').match(/^sleep (\d+)$/)?.[1] ?? preStop?.sleep?.seconds);
    expect(pause).toBeGreaterThanOrEqual(1);
    const grace = Number(envOf(server, 'SWSL_SERVE_GRACE_MS') ?? 30_000) / 1000;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(pause + grace);
  });

  it('runs every container as uid 10001 (the image user), unprivileged, on a read-only root with /tmp writable', () => {
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBe(Number(dockerfile().user.split(':')[0]));
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      const security = container.securityContext;
      expect(security?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot, container.name).toBe(true);
      expect(security?.readOnlyRootFilesystem, container.name).toBe(true);
      expect(security?.allowPrivilegeEscalation, container.name).toBe(false);
      expect(security?.capabilities?.drop, container.name).toContain('ALL');
      expect(container.volumeMounts?.map((m) => m.mountPath)).toContain('/tmp');
    }
  });

  it('serves offline, on the requested cores, the models its init container pulled into the models volume', () => {
    expect(envOf(server, 'SWSL_OFFLINE')).toBe('1');
    const models = envOf(server, 'SWSL_SERVE_MODELS');
    expect(models).toBe('resnet50_swsl:int8');
    for (const init of pod.initContainers ?? []) expect(envOf(init, 'SWSL_SERVE_MODELS'), init.name).toBe(models);
    // onnxruntime's threads: the cores requested, not every core of the node.
    expect(envOf(server, 'SWSL_SERVE_THREADS')).toBe(String(server.resources?.requests?.cpu));
    expect(server.volumeMounts?.find((m) => m.name === 'models')?.mountPath).toBe(dockerfile().env.SWSL_HOME);
  });

  it('asks Prometheus to scrape /metrics on the container port', () => {
    const annotations = deployment.spec!.template.metadata?.annotations ?? {};
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(annotations['prometheus.io/path']).toBe('/metrics');
    expect(Number(annotations['prometheus.io/port'])).toBe(port.containerPort);
  });

  it('has a Service that selects the pods and targets the container port', () => {
    const service = new Service(only('Service'));
    const labels = deployment.spec!.template.metadata?.labels ?? {};
    expect(Object.keys(service.spec!.selector!).length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(service.spec!.selector!)) expect(labels[key], key).toBe(value);
    const http = service.spec!.ports!.find((p) => p.name === 'http');
    expect(onServerPort(http?.targetPort)).toBe(true);
    expect(http?.port).toBe(8080);
  });

  it('`kubectl apply -f deploy/kubernetes/` (not recursive) makes one autoscaler: the HPA, on 70% CPU', () => {
    const autoscalers = manifests.filter(
      (m) => dirname(m.file) === 'deploy/kubernetes' && /^(HorizontalPodAutoscaler|ScaledObject)$/.test(m.doc.kind),
    );
    expect(autoscalers.map((m) => m.doc.kind)).toEqual(['HorizontalPodAutoscaler']);
    const hpa = new HorizontalPodAutoscaler(only('HorizontalPodAutoscaler'));
    expect(hpa.spec!.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata!.name });
    expect(hpa.spec!.metrics).toContainEqual({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
    });
  });

  it('has a KEDA ScaledObject alternative on the summed swsl_queue_depth', () => {
    const scaled = only('ScaledObject');
    expect(scaled.apiVersion).toBe('keda.sh/v1alpha1');
    expect(scaled.spec.scaleTargetRef.name).toBe(deployment.metadata!.name);
    const trigger = scaled.spec.triggers[0];
    expect(trigger.type).toBe('prometheus');
    expect(trigger.metadata.serverAddress).toMatch(/^https?:\/\/\S+$/);
    expect(trigger.metadata.query).toMatch(/^sum\s*\(\s*swsl_queue_depth\b/);
    expect(trigger.metadata.threshold).toBe('16'); // KEDA takes trigger metadata as strings
  });
});

describe('KServe', () => {
  const runtime = only('ServingRuntime');
  const service = only('InferenceService');

  it('has a v2 ServingRuntime whose kserve-container runs the image on port 8080, offline, on /mnt/models', () => {
    expect(runtime.apiVersion).toBe('serving.kserve.io/v1alpha1');
    expect(runtime.metadata.name).toBe('swsl-runtime');
    expect(runtime.spec.protocolVersions).toContain('v2');
    expect(runtime.spec.supportedModelFormats).toContainEqual(expect.objectContaining({ name: 'swsl' }));
    const container = runtime.spec.containers[0];
    expect(container.name).toBe('kserve-container');
    expect(container.image).toMatch(/^ghcr\.io\/swsl-dev\/swsl-serve:/);
    expect(container.ports).toContainEqual(expect.objectContaining({ containerPort: 8080 }));
    expect(envOf(container, 'SWSL_SERVE_PORT')).toBe('8080');
    expect(envOf(container, 'SWSL_HOME')).toBe('/mnt/models'); // where KServe mounts storageUri
    expect(envOf(container, 'SWSL_OFFLINE')).toBe('1');
  });

  it('has an InferenceService that picks that runtime by its name and a format it supports', () => {
    expect(service.apiVersion).toBe('serving.kserve.io/v1beta1');
    const model = service.spec.predictor.model;
    expect(runtime.spec.supportedModelFormats.map((f: { name: string }) => f.name)).toContain(model.modelFormat.name);
    expect(model.runtime).toBe(runtime.metadata.name);
    expect(model.protocolVersion).toBe('v2');
    expect(model.storageUri).toMatch(/^pvc:\/\/[a-z0-9-]+\//);
    expect(envOf(model, 'SWSL_SERVE_MODELS')).toBe('resnet50_swsl:int8');
  });
});

/** deploy/Dockerfile's final stage, and the stage that runs `npm install`: instructions as Docker reads them. */
function dockerfile() {
  const lines = readFileSync(join(repo, 'deploy/Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ') // continuation lines
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));
  const stages: { op: string; args: string }[][] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^\s*(\w+)\s+(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') stages.push([]);
    stages.at(-1)?.push({ op: op.toUpperCase(), args: args.trim() });
  }
  const final = stages.at(-1) ?? [];
  const args = (op: string) => final.filter((i) => i.op === op).map((i) => i.args);
  const env = Object.fromEntries(args('ENV').flatMap((a) => [...a.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])));
  return { stages, final, args, env, user: args('USER').at(-1) ?? 'root' };
}

describe('deploy/Dockerfile', () => {
  const docker = dockerfile();

  it('runs the final stage as a user that is not root', () => {
    expect(docker.stages.length).toBeGreaterThanOrEqual(2);
    expect(docker.user.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('skips onnxruntime-node’s CUDA download before `npm install` in its stage', () => {
    const build = docker.stages.find((s) => s.some((i) => i.op === 'RUN' && /npm install/.test(i.args)))!;
    const skip = build.findIndex((i) => i.op === 'ENV' && /\bONNXRUNTIME_NODE_INSTALL=skip\b/.test(i.args));
    const install = build.findIndex((i) => i.op === 'RUN' && /npm install/.test(i.args));
    expect(skip).toBeGreaterThanOrEqual(0);
    expect(skip).toBeLessThan(install);
  });

  it('exposes 8080, listens there on every interface, and checks health on /v2/health/ready', () => {
    expect(docker.args('EXPOSE').join(' ').split(/\s+/)).toContain('8080');
    expect(docker.env).toMatchObject({ SWSL_SERVE_PORT: '8080', SWSL_SERVE_HOST: '0.0.0.0', SWSL_HOME: '/models' });
    const [healthcheck = ''] = docker.args('HEALTHCHECK');
    expect(healthcheck).toMatch(/http:\/\/127\.0\.0\.1:8080\/v2\/health\/ready/);
    expect(healthcheck).toMatch(/status === 200 \? 0 : 1/);
  });

  it('starts `swsl serve` as its entrypoint and stops it with SIGTERM', () => {
    const [entrypoint = '[]'] = docker.args('ENTRYPOINT');
    expect(JSON.parse(entrypoint)).toEqual(['/app/node_modules/.bin/swsl', 'serve']);
    expect(docker.args('STOPSIGNAL')).toEqual(['SIGTERM']);
  });
});
