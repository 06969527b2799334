# syntax=docker/dockerfile:1

# Build: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

# Production dependencies only, installed apart so the runtime image never sees the dev tree.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DOCSEAL_CERTS_DIR=/app/certs \
    DOCSEAL_DATA_DIR=/app/.data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Certificates and encrypted keys are mounted at /app/certs (compose.yaml), never baked into the image.
# The data dir is only used when MONGODB_URI is unset.
RUN mkdir -p /app/certs /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# The slim image has no curl: ask Node's own fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tsconfig.build.json keeps rootDir ".", so src/main.ts compiles to dist/src/main.js.
CMD ["node", "dist/src/main.js"]
