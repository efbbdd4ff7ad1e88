# syntax=docker/dockerfile:1.7
# One Dockerfile for every Node service image (identity, catalog, progress, media): they differ only
# in the workspace folder and the port, which come in as build arguments (skaffold.yaml passes them).
# Build from the repository root (the npm workspace):
#   docker build -f services/node-service.Dockerfile --build-arg SERVICE=catalog --build-arg PORT=3002 .
# Entry points, relative to the working directory /app/services/<SERVICE> (libs/contracts SERVICE_ENTRY_POINTS):
#   node dist/main.js (default), node dist/migrate.js up (the migration Job), node dist/worker.js (media's worker).
# Targets: runtime (default, production), dev (skaffold dev: recompiles synced sources in place).

ARG NODE_IMAGE=node:22.23.3-bookworm-slim

# Every package.json of the workspace plus the lock file, and nothing else, so that the `npm ci`
# layers below are rebuilt only when dependencies change, whatever else the context holds.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -path ./node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
    | xargs cp --parents -t /manifests

FROM ${NODE_IMAGE} AS build
# The service's folder under services/: required.
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'build with --build-arg SERVICE=<identity|catalog|progress|media>' >&2; exit 1; }
WORKDIR /app
COPY --from=manifests /manifests/ ./
# Scripts stay off, as on the developers' machines (npm 11): the native modules ship prebuilt binaries.
RUN npm ci --workspace services/${SERVICE} --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY libs/ libs/
COPY services/${SERVICE}/ services/${SERVICE}/
# The service and the libs it references; only their dist/ folders go to the runtime image.
RUN npx tsc -b services/${SERVICE} \
 && mkdir /out \
 && cp -r --parents libs/*/dist services/${SERVICE}/dist /out/ \
 && find /out -name '*.tsbuildinfo' -delete

# skaffold dev: the sources skaffold syncs into the container are recompiled and the process restarts.
FROM build AS dev
ARG SERVICE
ARG PORT
RUN chown -R node:node libs services/${SERVICE}
USER node
WORKDIR /app/services/${SERVICE}
ENV DEV_ENTRY=dist/main.js SERVICE_DIR=/app/services/${SERVICE}
# In a pod, every interface: its Service and NetworkPolicies decide who reaches it (loopback is the
# default outside containers, see libs/service-kit's HOST).
ENV HOST=0.0.0.0
EXPOSE ${PORT}
CMD ["sh", "-c", "npx tsc -b \"$SERVICE_DIR\" --watch --preserveWatchOutput & exec node --watch \"$DEV_ENTRY\""]

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ARG PORT
ENV NODE_ENV=production
ENV HOST=0.0.0.0
WORKDIR /app
COPY --from=manifests /manifests/ ./
# Production dependencies of this service (and of the workspace libs it uses) only; npm, npx and
# yarn are removed afterwards: nothing installs at run time.
RUN npm ci --omit=dev --workspace services/${SERVICE} --include-workspace-root=false --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /usr/local/bin/npm /usr/local/bin/npx \
    /usr/local/bin/corepack /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg /root/.npm /tmp/*
COPY --from=build /out/ ./
WORKDIR /app/services/${SERVICE}
# The `node` user of the base image (uid 1000), as the Kubernetes securityContext expects.
USER 1000:1000
EXPOSE ${PORT}
CMD ["node", "dist/main.js"]
