# syntax=docker/dockerfile:1.7
# One Dockerfile for every Node service image (identity, catalog, progress, media): they differ only
# in the workspace folder and the port, which come in as build arguments (skaffold.yaml passes them).
# Build from the repository root (the npm workspace), for the platform the cluster's nodes run:
#   docker build -f services/node-service.Dockerfile --build-arg SERVICE=catalog --build-arg PORT=3002 .
#   docker buildx build --platform linux/amd64,linux/arm64 ... --push .   (EKS; docs/kubernetes.md)
# Entry points, relative to the working directory /app/services/<SERVICE> (libs/contracts SERVICE_ENTRY_POINTS):
#   node dist/main.bundle.js (default), node dist/migrate.bundle.js up (the migration Job),
#   node dist/worker.bundle.js (media's worker): one bundle per entry, built below.
# Targets: runtime (default, production), dev (skaffold dev: transpiles synced sources in place).

ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# The lock file and every workspace's package.json, and nothing else, named one by one: the `npm ci`
# layers below then rebuild only when dependencies change, and a saved source file is no input of
# an image it does not go into (skaffold hashes and watches exactly what the COPY lines name, so a
# `COPY . .` made every file an input of all five images). A test keeps this list complete.
FROM scratch AS manifests
COPY package.json package-lock.json /
COPY libs/auth/package.json /libs/auth/
COPY libs/contracts/package.json /libs/contracts/
COPY libs/dev-traces/package.json /libs/dev-traces/
COPY libs/messaging/package.json /libs/messaging/
COPY libs/service-kit/package.json /libs/service-kit/
COPY libs/service-testing/package.json /libs/service-testing/
COPY libs/telemetry/package.json /libs/telemetry/
COPY libs/testing/package.json /libs/testing/
COPY services/catalog/package.json /services/catalog/
COPY services/identity/package.json /services/identity/
COPY services/media/package.json /services/media/
COPY services/progress/package.json /services/progress/
COPY services/web/package.json /services/web/
COPY cdk8s/package.json /cdk8s/
COPY pulumi/package.json /pulumi/
COPY bench/package.json /bench/

# Compiling is the same on any platform: it runs on the builder's own, without emulation.
FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS build
# The service's folder under services/: required.
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'build with --build-arg SERVICE=<identity|catalog|progress|media>' >&2; exit 1; }
WORKDIR /app
COPY --from=manifests / ./
# Scripts stay off, as on the developers' machines (npm 11): the native modules ship prebuilt binaries.
RUN npm ci --workspace services/${SERVICE} --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY libs/ libs/
COPY services/${SERVICE}/ services/${SERVICE}/
COPY scripts/build/bundle-services.mjs scripts/build/icu-free-start-up.mjs scripts/build/
# The service and the libs it references, then one bundle per entry point (what the runtime runs:
# it starts in a fraction of the CPU); only their dist/ folders go to the runtime image.
RUN npx tsc -b services/${SERVICE} \
 && node scripts/build/bundle-services.mjs ${SERVICE} \
 && mkdir /out \
 && cp -r --parents libs/*/dist services/${SERVICE}/dist /out/ \
 && find /out -name '*.tsbuildinfo' -delete

# skaffold dev: skaffold syncs each saved .ts file into the container; transpile-on-change.mjs
# compiles that one file (~100 MiB, where `tsc -b --watch` held ~430 MiB) and node --watch restarts.
FROM build AS dev
ARG SERVICE
ARG PORT
COPY scripts/dev/transpile-on-change.mjs /app/scripts/dev/
RUN chown -R node:node libs services/${SERVICE}
USER node
WORKDIR /app/services/${SERVICE}
# tsc's output, not the bundle: transpile-on-change.mjs updates it file by file.
ENV DEV_ENTRY=dist/main.js SERVICE_DIR=/app/services/${SERVICE}
# In a pod, every interface: its Service and NetworkPolicies decide who reaches it (loopback is the
# default outside containers, see libs/service-kit's HOST).
ENV HOST=0.0.0.0
EXPOSE ${PORT}
CMD ["sh", "-c", "node /app/scripts/dev/transpile-on-change.mjs \"$SERVICE_DIR\" /app/libs & exec node --watch \"$DEV_ENTRY\""]

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ARG PORT
ENV NODE_ENV=production
# libs/contracts SERVICE_PROCESS_ENV: what npm start and the benchmarks run the services with too.
ENV NODE_OPTIONS=--max-semi-space-size=8 MALLOC_ARENA_MAX=2
ENV HOST=0.0.0.0
WORKDIR /app
COPY --from=manifests / ./
# Production dependencies of this service (and of the workspace libs it uses) only, for the
# image's own platform; npm, npx and yarn are removed afterwards: nothing installs at run time.
RUN npm ci --omit=dev --workspace services/${SERVICE} --include-workspace-root=false --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /usr/local/bin/npm /usr/local/bin/npx \
    /usr/local/bin/corepack /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg /root/.npm /tmp/*
COPY --from=build /out/ ./
COPY scripts/build/warm-compile-cache.mjs /app/scripts/build/
COPY scripts/ops/map-stack-trace.mjs /app/scripts/ops/
# V8's code for the bundles, compiled once here instead of at every start (bench/README.md): Node
# keeps a cache per uid, so it is written as the user the pods run as, then handed to root so that
# the service can read it but never rewrite what it will run next.
ENV NODE_COMPILE_CACHE=/app/node-compile-cache
RUN mkdir "$NODE_COMPILE_CACHE" && chown 1000:1000 "$NODE_COMPILE_CACHE"
WORKDIR /app/services/${SERVICE}
USER 1000:1000
RUN node /app/scripts/build/warm-compile-cache.mjs .
USER root
RUN chown -R root:root "$NODE_COMPILE_CACHE" && chmod -R a+rX,go-w "$NODE_COMPILE_CACHE"
# The `node` user of the base image (uid 1000), as the Kubernetes securityContext expects.
USER 1000:1000
EXPOSE ${PORT}
CMD ["node", "dist/main.bundle.js"]
