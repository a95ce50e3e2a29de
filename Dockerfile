# syntax=docker/dockerfile:1
#
# One image for OneWindow: the four services of distributed mode and the embedded all-in-one
# platform, all compiled to JavaScript in dist/. Which one a container runs is its command:
#
#   node dist/services/host/all-in-one/main.js      (default: the township box, embedded stores)
#   node dist/services/host/<service>/main.js       (one service per pod: k8s/base/<service>/deployment.yaml)
#
#   docker build -t onewindow:dev .
#
# Node comes from the base image. The `node` devDependency (Node from npm, which npm scripts run
# on) is only in the build stage; `npm prune --omit=dev` removes it, so the runtime's node is
# /usr/local/bin/node.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first, so that a change of the sources reuses this layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# TypeScript to dist/ (same layout as the sources, plus the descriptor sets dist/generated/*.binpb
# for server reflection), then drop the development dependencies.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && for program in all-in-one acceptance approval supervision notification; do \
      test -f "dist/services/host/$program/main.js" || { echo "npm run build made no dist/services/host/$program/main.js" >&2; exit 1; }; \
    done \
 && for script in rebuild-projection verify-chain; do \
      test -f "dist/scripts/$script.js" || { echo "npm run build made no dist/scripts/$script.js (the maintenance Jobs run it)" >&2; exit 1; }; \
    done

FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="onewindow" \
      org.opencontainers.image.description="OneWindow: event-sourced platform for government service halls" \
      org.opencontainers.image.licenses="UNLICENSED"
# The programs in this image, comma-separated. test/deploy/k8s-manifests.test.ts checks that each
# service's Deployment runs its own and that CMD runs the all-in-one platform.
LABEL onewindow.entrypoints="dist/services/host/all-in-one/main.js,dist/services/host/acceptance/main.js,dist/services/host/approval/main.js,dist/services/host/supervision/main.js,dist/services/host/notification/main.js,dist/scripts/rebuild-projection.js,dist/scripts/verify-chain.js"
ENV NODE_ENV=production \
    OW_HOST=0.0.0.0 \
    OW_DATA_DIR=/var/lib/onewindow
WORKDIR /app
# Owned by root and read-only for the process; only the data directory belongs to it.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The runtime needs node only: package managers go, and with them their vulnerabilities.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg \
 && mkdir -p /var/lib/onewindow \
 && chown 1000:1000 /var/lib/onewindow
# uid 1000 is the base image's "node" user; numeric so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
# gRPC of the four services, and the browser API (OW_WEB_PORT, Connect and gRPC-Web) of the embedded platform.
EXPOSE 50051 50052 50053 50054 8080
CMD ["node", "dist/services/host/all-in-one/main.js"]
